package io.getty.core.internal.session;

/** The server or client a session belongs to, told of the session's life so that it can count sessions. */
public interface SessionOwner {

    /** The session's {@code onOpen} returned. Loop thread. */
    void sessionOpened(GettySession session);

    /** The initializer, a layer's handshake or {@code onOpen} failed; the session is being closed. Loop thread. */
    void sessionRefused(GettySession session, Throwable cause);

    /** The session is closed and its last callback has run. Any thread. */
    void sessionFinished(GettySession session);

    /**
     * The config that sessions set up like {@code config} share: {@code config} itself, or an equal one seen
     * before. Any thread.
     */
    default SessionConfig intern(SessionConfig config) {
        return config;
    }
}
