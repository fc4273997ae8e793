package io.getty.core.internal.session;

import io.getty.core.GettyException;
import io.getty.core.SessionClosedException;
import io.getty.core.WriteTimeoutException;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.Flushable;
import io.getty.core.internal.loop.LoopTask;
import io.getty.core.internal.seam.SessionIo;
import io.getty.core.internal.seam.Upstream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A session's outbound path below the write calls: flushing the top buffer through the io, the counts that
 * write futures, water marks and the write buffer limit are decided by, and the futures themselves.
 *
 * <p>Counting: {@code flushed} is the user bytes now in the kernel (with layers, the bytes whose carrying
 * output is), and {@link PendingOutput#written} the user bytes encoded; a write is done once {@code flushed}
 * passes its end. {@code pending} holds what other threads must see: the estimates of writes they made that
 * the loop has not encoded yet, plus the loop's own pending count, published once per flush rather than once
 * per write, so that the write buffer limit and water marks see what the user wrote wherever it waits.
 */
public abstract class SessionOutput extends ConfigurableSession implements Flushable, Upstream {
    private static final VarHandle FLUSHED;
    private static final VarHandle PENDING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLUSHED = lookup.findVarHandle(SessionOutput.class, "flushed", long.class);
            PENDING = lookup.findVarHandle(SessionOutput.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The output not yet in the kernel; null when there is none. */
    PendingOutput out;
    @SuppressWarnings("unused") // accessed through FLUSHED
    private volatile long flushed;
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile int pending;

    SessionOutput(EventLoop loop, SessionConfig config) {
        super(loop, config);
    }

    /** Fails the session: {@code onError} with {@code cause}, then closed (after the running callback). */
    @Override
    public abstract void fail(Throwable cause);

    /** Hands an event to the listener, through the session's dispatch. */
    abstract void dispatchEvent(Object event);

    /** Everything accepted before a graceful close is in the kernel. Loop thread. */
    abstract void outputDrained();

    /**
     * Counts a write made on another thread, of {@code estimate} bytes, unless the pending bytes would pass
     * {@code limit}. Returns -1 when counted, else the pending count that refused it. Any thread.
     */
    final long admit(long estimate, long limit) {
        while (true) {
            int p = (int) PENDING.getVolatile(this);
            if (p + estimate > limit) {
                return p;
            }
            if (PENDING.compareAndSet(this, p, (int) (p + estimate))) {
                return -1;
            }
        }
    }

    /** Takes back what {@link #admit} counted: the write was encoded (and is counted by its size), or dropped. */
    final void unadmit(long estimate) {
        PENDING.getAndAdd(this, (int) -estimate);
    }

    final GettyException closedForWrites() {
        Throwable cause = attribute(CLOSE_CAUSE);
        if (cause instanceof GettyException g) {
            return g;
        }
        return new SessionClosedException("write to " + this + " after it was closed");
    }

    // ---------------------------------------------------------------- flushing

    /** Asks for a flush: at the end of the running read event, or else of this loop pass. Loop thread. */
    final void wantFlush() {
        if (hasFlag(READING)) {
            setFlag(WROTE_IN_READ);
        } else {
            queueFlush();
        }
    }

    private void queueFlush() {
        if (!hasFlag(FLUSH_QUEUED)) {
            setFlag(FLUSH_QUEUED);
            loop.requestFlush(this);
        }
    }

    @Override
    public final void requestFlush() {
        wantFlush();
    }

    @Override
    public final void flush() {
        clearFlag(FLUSH_QUEUED);
        if (lifecycle() == CLOSED || hasFlag(FAILED)) {
            return;
        }
        SessionIo below = io;
        PendingOutput po = out;
        try {
            below.flush(po == null ? null : po.buffer);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (lifecycle() == CLOSED) {
            return; // the io failed the session, or a callback closed it while the io reported progress
        }
        po = out;
        int state = below.flushState(po == null ? null : po.buffer);
        if (po != null) {
            if (po.buffer.size() == 0 && po.written == flushedBytes() && state == SessionIo.IDLE) {
                releaseOutput();
                po = null;
            } else {
                publishPending(po);
            }
        }
        if (state == SessionIo.BLOCKED) {
            if (po != null && !po.blocked) {
                // The kernel's buffer is full: wait for writability, and start the write timeout's clock.
                po.blocked = true;
                po.stalledSince = loop.nanoTime();
                long timeout = config.options.writeTimeoutNanos();
                if (timeout > 0) {
                    loop.schedule(po, po.stalledSince + timeout);
                }
            }
        } else {
            if (po != null && po.blocked) {
                po.blocked = false;
                loop.cancel(po);
            }
            if (state == SessionIo.MORE) {
                queueFlush(); // the socket kept taking bytes: the rest goes next pass, after the other sessions
            } else if (po == null && hasFlag(CLOSE_AFTER_FLUSH)) {
                outputDrained();
            }
        }
    }

    /** The io put {@code n} more of the user's bytes in the kernel. Loop thread, during {@link #flush()}. */
    @Override
    public final void sent(long n) {
        if (n <= 0) {
            return;
        }
        long f = flushedBytes() + n;
        FLUSHED.setRelease(this, f);
        PendingOutput po = out;
        if (po == null) {
            return;
        }
        if (po.blocked) {
            po.stalledSince = loop.nanoTime();
        }
        if (po.waiters != null && f >= po.waiters.earliestEnd()) {
            po.waiters.completeDone(false);
        }
        if (!isWritable() && pendingTotal() < config.options.waterMarks().low() && unwritable(false)) {
            dispatchEvent(SessionEvent.WRITABLE);
        }
    }

    /** Tells other threads the loop's pending count, once per flush rather than once per write. */
    private void publishPending(PendingOutput po) {
        int now = (int) (po.written - flushedBytes());
        int delta = now - po.published;
        if (delta != 0) {
            po.published = now;
            PENDING.getAndAdd(this, delta);
        }
    }

    /** Gives the pending output back; nothing of the loop's is pending any more. Loop thread. */
    final void releaseOutput() {
        PendingOutput po = out;
        if (po == null) {
            return;
        }
        out = null;
        if (po.published != 0) {
            PENDING.getAndAdd(this, -po.published);
        }
        if (po.waiters != null) {
            po.waiters.completeDone(true);
        }
        po.release();
    }

    /** The write-stall timer of the pending output fired. Loop thread. */
    final void writeStallTimer(long now) {
        PendingOutput po = out;
        if (po == null || !po.blocked || lifecycle() == CLOSED) {
            return;
        }
        long timeout = config.options.writeTimeoutNanos();
        if (now - po.stalledSince >= timeout) {
            fail(new WriteTimeoutException("pending output of " + this + " (" + (po.written
                    - flushedBytes()) + " bytes) made no progress for " + config.options.writeTimeout()));
        } else {
            loop.schedule(po, po.stalledSince + timeout);
        }
    }

    // ---------------------------------------------------------------- counts and futures

    /** Every byte the user wrote that is not in the kernel yet, queued writes from other threads included. Loop thread. */
    final long pendingTotal() {
        int p = (int) PENDING.getVolatile(this);
        PendingOutput po = out;
        return po == null ? p : p - po.published + (po.written - flushedBytes());
    }

    final long flushedBytes() {
        return (long) FLUSHED.getAcquire(this);
    }

    /** User bytes encoded so far. Loop thread. */
    final long written() {
        PendingOutput po = out;
        return po == null ? flushedBytes() : po.written;
    }

    @Override
    public final long pendingWriteBytes() {
        return Math.max(0, (int) PENDING.getVolatile(this));
    }

    @Override
    public final long bytesWritten() {
        return flushedBytes();
    }

    /** 1 if a write ending at byte {@code end} is sent, -1 if it never will be, 0 if not yet. Any thread. */
    final int writeOutcome(long end) {
        boolean closed = lifecycle() == CLOSED; // read before the counter: a close publishes the final count
        if (flushedBytes() >= end) {
            return 1;
        }
        return closed ? -1 : 0;
    }

    final Throwable writeFailure() {
        Throwable cause = attribute(CLOSE_CAUSE);
        return cause != null ? cause : new SessionClosedException(this + " closed before the write was sent");
    }

    /** Completes {@code write}'s future when it is done; any thread. */
    final void watch(PendingWrite write) {
        if (!loop.inLoop()) {
            LoopTask task = new LoopTask() {
                @Override
                public void run() {
                    watch(write);
                }

                @Override
                public void reject() {
                    // The loop stopped, and closed this session as it did: the write is done, one way or the other.
                    if (!write.tryComplete()) {
                        write.fail(new SessionClosedException("the event loop of " + SessionOutput.this
                                + " stopped before the write was sent"));
                    }
                }
            };
            if (!loop.offer(task)) {
                task.reject();
            }
            return;
        }
        watchOnLoop(write);
    }

    private void watchOnLoop(PendingWrite write) {
        if (write.tryComplete() || write.watched || write.end() < 0) {
            return; // done; or watched already; or not encoded yet, and its task will call again
        }
        PendingOutput po = out;
        if (po == null) {
            write.tryComplete(); // cannot be pending without output: the close completed it
            return;
        }
        write.watched = true;
        if (po.waiters == null) {
            po.waiters = new WriteWaiters();
        }
        po.waiters.add(write);
    }
}
