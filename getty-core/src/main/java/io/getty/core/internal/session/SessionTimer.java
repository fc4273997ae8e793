package io.getty.core.internal.session;

import io.getty.core.internal.loop.TimerNode;

/** A session's one timer: it fires at the earliest of its cron, read-timeout and write-timeout deadlines. */
final class SessionTimer extends TimerNode {
    private final AbstractSession session;
    long deadlineNanos;

    SessionTimer(AbstractSession session) {
        this.session = session;
    }

    @Override
    protected void onTimer(long nowNanos) {
        session.onTimer(nowNanos);
    }

    @Override
    public String toString() {
        return "timer of " + session;
    }
}
