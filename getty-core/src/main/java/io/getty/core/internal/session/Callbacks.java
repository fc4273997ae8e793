package io.getty.core.internal.session;

import io.getty.core.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a session's listener, in the callbacks' own context (the loop, or the session's worker turn): the one
 * place that knows what each event means to the listener and what a callback that throws does. A session
 * whose {@code onOpen} threw, or never ran, gets no other callback.
 */
final class Callbacks {
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private Callbacks() {
    }

    static void message(GettySession session, Object pkg) {
        Dispatch dispatch = session.config.dispatch;
        if (!dispatch.opened(session)) {
            return;
        }
        try {
            session.config.listener.onMessage(session, pkg);
        } catch (Throwable t) {
            listenerFailed(session, "onMessage", t);
        }
    }

    static void event(GettySession session, Object event) {
        SessionConfig config = session.config;
        EventListener<Object> listener = config.listener;
        boolean opened = config.dispatch.opened(session);
        if (event instanceof ErrorEvent error) {
            if (opened) {
                try {
                    listener.onError(session, error.cause());
                } catch (Throwable t) {
                    log.warn("onError of {} threw", session, t);
                }
            }
            return;
        }
        switch ((SessionEvent) event) {
            case OPEN -> open(session, config);
            case CRON -> {
                if (opened) {
                    try {
                        listener.onCron(session);
                    } catch (Throwable t) {
                        listenerFailed(session, "onCron", t);
                    }
                }
            }
            case WRITABLE, UNWRITABLE -> {
                if (opened) {
                    try {
                        listener.onWritabilityChanged(session, event == SessionEvent.WRITABLE);
                    } catch (Throwable t) {
                        listenerFailed(session, "onWritabilityChanged", t);
                    }
                }
            }
            case CLOSE -> {
                if (opened) {
                    try {
                        listener.onClose(session);
                    } catch (Throwable t) {
                        log.warn("onClose of {} threw", session, t);
                    }
                }
                config.owner.sessionFinished(session);
            }
            case CLOSE_AFTER_DELIVERY -> session.onLoop(session::closeGracefully);
        }
    }

    private static void open(GettySession session, SessionConfig config) {
        Throwable refusal = null;
        try {
            config.listener.onOpen(session);
            config.dispatch.markOpened(session);
        } catch (Throwable t) {
            refusal = t;
            log.debug("onOpen refused {}", session, t);
        }
        Throwable why = refusal;
        session.onLoop(() -> session.openReturned(why));
    }

    private static void listenerFailed(GettySession session, String callback, Throwable t) {
        if (session.isClosed()) {
            log.warn("{} of {} threw after the session was closed", callback, session, t);
        }
        session.fail(t);
    }
}
