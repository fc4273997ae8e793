package io.getty.core;

/**
 * The session was closed (by either side, or because its event loop shut down) before this write could
 * be sent, or the write was made after {@link Session#close()}.
 */
public class SessionClosedException extends GettyException {
    private static final long serialVersionUID = 1L;

    public SessionClosedException(String message) {
        super(message);
    }

    public SessionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
