package io.getty.core.internal.session;

import io.getty.core.SessionClosedException;
import io.getty.core.WriteFuture;
import io.getty.core.internal.loop.LoopTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * One write: the task that encodes it on the session's loop (when made from another thread) and its
 * {@link WriteFuture}. Its outcome is derived from the session's byte counters: the write succeeded once
 * the session has flushed {@code end} bytes, and failed if the session closed before that. So a write made
 * on the loop is just (session, end), which the JIT can keep off the heap when the caller ignores it, and
 * a {@link CompletableFuture} exists only if someone asks for one.
 */
public final class PendingWrite extends LoopTask implements WriteFuture {
    static final int PACKET = 0;
    static final int BYTES = 1;
    static final int BYTES_ARRAY = 2;
    /** A packet from {@code sendPkg}: nobody holds this as a future, so a failure fails the session. */
    static final int SENT_PACKET = 3;

    private static final long NOT_ENCODED = -1;
    private static final VarHandle END;
    private static final VarHandle CAUSE;
    private static final VarHandle COMPLETION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            END = lookup.findVarHandle(PendingWrite.class, "end", long.class);
            CAUSE = lookup.findVarHandle(PendingWrite.class, "cause", Throwable.class);
            COMPLETION = lookup.findVarHandle(PendingWrite.class, "completion", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SessionWrites session;
    private final int kind;
    private final long timeoutNanos;
    private Object item;
    private long end;
    private Throwable cause;
    @SuppressWarnings("unused") // accessed through COMPLETION
    private volatile CompletableFuture<Void> completion;
    boolean watched; // loop thread: already among the session's waiters
    /**
     * The size counted for this write when another thread made it, given back when the loop encodes it; -1 for
     * a write made on the loop.
     */
    int estimate = -1;
    /** The deadline of a write made with a timeout, cancelled once the write is done. Loop thread. */
    private WriteDeadline deadline;

    /** A write already encoded on the loop: done once {@code end} bytes are flushed, or failed with {@code cause}. */
    PendingWrite(SessionWrites session, long end, Throwable cause) {
        this.session = session;
        this.kind = PACKET;
        this.timeoutNanos = 0;
        this.end = end;
        this.cause = cause;
    }

    /** A write to be encoded on the loop. */
    PendingWrite(SessionWrites session, Object item, int kind, long timeoutNanos) {
        this.session = session;
        this.kind = kind;
        this.timeoutNanos = timeoutNanos;
        this.item = item;
        this.end = NOT_ENCODED;
    }

    /** Encodes the write on the session's loop: at once when made there, else as a task. */
    @Override
    public void run() {
        Object encoding = item;
        item = null;
        Throwable failure = estimate >= 0
                ? session.encodeQueued(encoding, kind, estimate)
                : session.encodeNow(encoding, kind);
        if (failure != null) {
            refuse(failure);
        } else {
            END.setRelease(this, session.written());
            if (timeoutNanos > 0 && !tryComplete()) {
                deadline = new WriteDeadline(session, this, timeoutNanos);
                session.loop.schedule(deadline, session.loop.nanoTime() + timeoutNanos);
                session.watch(this); // so that the deadline is cancelled as soon as the write is done
            }
        }
        if (COMPLETION.getAcquire(this) != null) {
            session.watch(this);
        }
    }

    @Override
    public void reject() {
        item = null;
        fail(new SessionClosedException("the event loop of " + session + " stopped before the write was sent"));
    }

    /** Why the session's unsent writes failed. */
    Throwable sessionFailure() {
        return session.writeFailure();
    }

    /** The write could not be accepted: its future fails, or for {@code sendPkg} the session does. */
    void refuse(Throwable failure) {
        if (kind == SENT_PACKET) {
            session.sendFailed(failure);
        }
        fail(failure);
    }

    /** Fails the write, unless it is done already. */
    void fail(Throwable failure) {
        if (CAUSE.compareAndSet(this, (Throwable) null, failure)) {
            tryComplete();
        }
    }

    long end() {
        return (long) END.getAcquire(this);
    }

    @Override
    public boolean isDone() {
        if (CAUSE.getAcquire(this) != null) {
            return true;
        }
        long e = end();
        return e != NOT_ENCODED && session.writeOutcome(e) != 0;
    }

    @Override
    public boolean isSuccess() {
        if (CAUSE.getAcquire(this) != null) {
            return false;
        }
        long e = end();
        return e != NOT_ENCODED && session.writeOutcome(e) > 0;
    }

    @Override
    public Throwable cause() {
        Throwable c = (Throwable) CAUSE.getAcquire(this);
        if (c != null) {
            return c;
        }
        long e = end();
        return e != NOT_ENCODED && session.writeOutcome(e) < 0 ? session.writeFailure() : null;
    }

    @Override
    public CompletableFuture<Void> toCompletableFuture() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> existing = (CompletableFuture<Void>) COMPLETION.getAcquire(this);
        if (existing != null) {
            return existing;
        }
        CompletableFuture<Void> created = new CompletableFuture<>();
        if (!COMPLETION.compareAndSet(this, (CompletableFuture<Void>) null, created)) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> winner = (CompletableFuture<Void>) COMPLETION.getAcquire(this);
            return winner;
        }
        if (!tryComplete()) {
            session.watch(this);
        }
        return created;
    }

    /** Completes the {@link CompletableFuture}, if there is one and the write is done; returns whether done. */
    boolean tryComplete() {
        if (!isDone()) {
            return false;
        }
        WriteDeadline d = deadline;
        if (d != null && session.loop.inLoop()) {
            deadline = null;
            session.loop.cancel(d);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> future = (CompletableFuture<Void>) COMPLETION.getAcquire(this);
        if (future != null) {
            Throwable c = cause();
            if (c == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(c);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "write to " + session + (isDone() ? (isSuccess() ? " (sent)" : " (failed: " + cause() + ")") : "");
    }
}
