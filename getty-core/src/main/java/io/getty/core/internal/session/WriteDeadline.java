package io.getty.core.internal.session;

import io.getty.core.WriteTimeoutException;
import io.getty.core.internal.loop.TimerNode;
import java.time.Duration;

/** The deadline of a write made with a timeout: if the write is not sent by then, the session fails. */
final class WriteDeadline extends TimerNode {
    private final SessionWrites session;
    private final PendingWrite write;
    private final long timeoutNanos;

    WriteDeadline(SessionWrites session, PendingWrite write, long timeoutNanos) {
        this.session = session;
        this.write = write;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    protected void onTimer(long nowNanos) {
        if (!write.isDone()) {
            WriteTimeoutException timeout = new WriteTimeoutException(
                    "write not sent within " + Duration.ofNanos(timeoutNanos) + " on " + session);
            write.fail(timeout);
            session.fail(timeout);
        }
    }
}
