package io.getty.core.internal.session;

import io.getty.core.ReadTimeoutException;
import io.getty.core.internal.loop.TimerNode;

/**
 * The read timeout of one session, made only for sessions that have one: it fails the session when nothing
 * arrived for the timeout while the session was reading. While reading is paused (by the user, or for a
 * worker that fell behind) the session is not idle, and the clock starts again when reading resumes.
 */
final class ReadTimeout extends TimerNode {
    private final GettySession session;
    private final long timeoutNanos;
    private long resumedAt;

    ReadTimeout(GettySession session, long timeoutNanos) {
        this.session = session;
        this.timeoutNanos = timeoutNanos;
    }

    void start(long now) {
        resumedAt = now;
        session.loop.schedule(this, now + timeoutNanos);
    }

    void resumed(long now) {
        resumedAt = now;
    }

    @Override
    protected void onTimer(long now) {
        if (session.lifecycle() != SessionCore.OPEN) {
            return;
        }
        if (session.readsPaused()) {
            session.loop.schedule(this, now + timeoutNanos);
            return;
        }
        long since = Math.max(session.lastActiveNanos(), resumedAt);
        if (now - since >= timeoutNanos) {
            session.fail(new ReadTimeoutException("no bytes from the peer of " + session + " for "
                    + session.options().readTimeout()));
        } else {
            session.loop.schedule(this, since + timeoutNanos);
        }
    }
}
