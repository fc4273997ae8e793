package io.getty.core.internal.session;

/**
 * Runs callbacks at once on the session's event loop: the lowest latency, and nothing to allocate. Stateless,
 * so one instance serves every session; a close asked for inside a callback waits until it has returned.
 */
final class LoopDispatch implements Dispatch {
    static final LoopDispatch INSTANCE = new LoopDispatch();

    private LoopDispatch() {
    }

    @Override
    public void message(GettySession session, Object pkg) {
        session.loop.callbackStarting();
        try {
            Callbacks.message(session, pkg);
        } finally {
            session.loop.callbackReturned();
        }
    }

    @Override
    public void event(GettySession session, Object event) {
        session.loop.callbackStarting();
        try {
            Callbacks.event(session, event);
        } finally {
            session.loop.callbackReturned();
        }
    }

    @Override
    public boolean pauseReads(GettySession session) {
        return false;
    }

    @Override
    public boolean packetsOutliveReads() {
        return false;
    }

    @Override
    public boolean opened(GettySession session) {
        return session.hasFlag(SessionCore.OPENED);
    }

    @Override
    public void markOpened(GettySession session) {
        session.setFlag(SessionCore.OPENED);
    }
}
