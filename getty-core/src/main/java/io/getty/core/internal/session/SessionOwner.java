package io.getty.core.internal.session;

/** The server or client a session belongs to, told of the session's life so that it can count sessions. */
public interface SessionOwner {

    /** The session's {@code onOpen} returned. Loop thread. */
    void sessionOpened(AbstractSession session);

    /** The initializer or {@code onOpen} threw; the session is being closed. Loop thread. */
    void sessionRefused(AbstractSession session, Throwable cause);

    /** The session is closed and its last callback has run. Any thread. */
    void sessionFinished(AbstractSession session);
}
