package io.getty.core;

/**
 * What a session does with its events. Every callback but {@link #onMessage} has a no-op default.
 *
 * <p>For one session the callbacks never run at the same time, and they run in this order:
 * {@code onOpen}, then {@code onMessage} / {@code onCron} / {@code onWritabilityChanged} as things
 * happen, then at most one {@code onError}, then {@code onClose} exactly once. They run on the session's
 * event loop, or, when a worker executor is set, on the executor (still one at a time, in order). On the
 * loop, a callback must not block: it would stall every session of that loop.
 *
 * @param <I> the inbound packet type, as produced by the session's {@link PkgReader}
 */
public interface EventListener<I> {

    /** The session is connected (for TLS and WebSocket: handshake done). Throw to refuse it. */
    default void onOpen(Session session) {
    }

    /** A packet arrived. Throwing reports the exception to {@link #onError} and closes the session. */
    void onMessage(Session session, I pkg);

    /**
     * Called every cron period (Getty's heartbeat hook: {@link SessionOptions#cronPeriod()}), for
     * heartbeats and idle checks. Throwing closes the session as {@link #onMessage} does.
     */
    default void onCron(Session session) {
    }

    /** The session's pending output crossed a water mark; see {@link Session#isWritable()}. */
    default void onWritabilityChanged(Session session, boolean writable) {
    }

    /**
     * The session failed: bad input from the peer, an I/O error, a timeout, or a callback that threw. Called
     * once, with the specific {@link GettyException} subclass where getty knows the failure; the session
     * is closed and {@link #onClose} follows. (A UDP session is the exception: one bad datagram is reported
     * here, and the session goes on serving the others.)
     */
    default void onError(Session session, Throwable cause) {
    }

    /** The session is closed. Called exactly once for every session whose {@link #onOpen} returned. */
    default void onClose(Session session) {
    }
}
