package io.getty.core;

/**
 * What a client tells about its connections, besides each session's own {@link EventListener}: one place to
 * follow them come and go. Every method has a no-op default; they run on the event loop of the connection
 * concerned and must not block.
 */
public interface ConnectionListener {

    /** A session of the client opened (its {@code onOpen} returned). */
    default void connected(Session session) {
    }

    /** A session of the client closed; the client connects again unless it is closed or reconnection is off. */
    default void disconnected(Session session) {
    }

    /**
     * A connect attempt failed ({@code failures} in a row for this connection, counting this one); the client
     * tries again after its {@link Reconnect} wait, unless {@code givingUp}.
     */
    default void connectFailed(Throwable cause, int failures, boolean givingUp) {
    }
}
