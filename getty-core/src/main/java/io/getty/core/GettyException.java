package io.getty.core;

/**
 * The root of every failure getty reports: in {@link EventListener#onError}, in a failed
 * {@link WriteFuture}, or thrown from a call. Subclasses are named for the failure, so a handler can
 * tell a peer that sent a bad frame from one that stopped reading.
 */
public class GettyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GettyException(String message) {
        super(message);
    }

    public GettyException(String message, Throwable cause) {
        super(message, cause);
    }
}
