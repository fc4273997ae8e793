package io.getty.core;

/**
 * A {@link PkgWriter} threw while encoding a packet (its exception is the cause). Only that write fails:
 * its bytes are taken back out of the session's output and the session goes on.
 */
public class EncodeException extends GettyException {
    private static final long serialVersionUID = 1L;

    public EncodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
