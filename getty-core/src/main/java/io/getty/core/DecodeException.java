package io.getty.core;

/**
 * A {@link PkgReader} could not turn the peer's bytes into a packet: malformed input, or a reader that
 * threw (the reader's exception is the cause). The session closes; other sessions go on.
 */
public class DecodeException extends GettyException {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
