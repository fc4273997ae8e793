package io.getty.core;

/**
 * Output did not reach the kernel in time: either a write given a timeout was not sent by its deadline,
 * or the session's pending output made no progress for the session's write timeout. Because part of a
 * packet may already be on the wire, the session closes.
 */
public class WriteTimeoutException extends GettyException {
    private static final long serialVersionUID = 1L;

    public WriteTimeoutException(String message) {
        super(message);
    }
}
