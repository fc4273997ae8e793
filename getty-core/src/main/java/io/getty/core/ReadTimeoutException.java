package io.getty.core;

/** No bytes arrived from the peer for the session's read timeout. The session closes. */
public class ReadTimeoutException extends GettyException {
    private static final long serialVersionUID = 1L;

    public ReadTimeoutException(String message) {
        super(message);
    }
}
