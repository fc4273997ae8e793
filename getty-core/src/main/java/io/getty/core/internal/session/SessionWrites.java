package io.getty.core.internal.session;

import io.getty.core.EncodeException;
import io.getty.core.GettyException;
import io.getty.core.SessionClosedException;
import io.getty.core.SessionOptions;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.buffer.ReusedPacket;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.Flushable;
import io.getty.core.internal.seam.SessionIo;
import io.getty.core.internal.seam.Upstream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A session's outbound path: the write calls, encoding into the top buffer, flushing through the io below,
 * write futures, water marks and the write buffer limit.
 *
 * <p>Counting: {@code flushed} is the user bytes now in the kernel (with layers, the bytes whose carrying
 * output is), and {@link PendingOutput#written} the user bytes encoded; a write is done once {@code flushed}
 * passes its end. Writes from other threads are counted when they are made, by an estimate of their size, in
 * {@code pending}, which other threads read and which the loop also publishes its own pending count to once
 * per flush, so that the write buffer limit and water marks see what the user wrote wherever it waits.
 */
public abstract class SessionWrites extends SessionCore implements Flushable, Upstream {
    /** The size counted for a packet from another thread whose encoded size cannot be known beforehand. */
    static final int UNKNOWN_SIZE_ESTIMATE = 64;

    private static final VarHandle FLUSHED;
    private static final VarHandle PENDING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLUSHED = lookup.findVarHandle(SessionWrites.class, "flushed", long.class);
            PENDING = lookup.findVarHandle(SessionWrites.class, "pending", int.class);
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

    SessionWrites(EventLoop loop, SessionConfig config) {
        super(loop, config);
    }

    /** Fails the session: {@code onError} with {@code cause}, then closed (after the running callback). */
    @Override
    public abstract void fail(Throwable cause);

    /** Hands an event to the listener, through the session's dispatch. */
    abstract void dispatchEvent(Object event);

    /** Everything accepted before a graceful close is in the kernel. Loop thread. */
    abstract void outputDrained();

    // ---------------------------------------------------------------- the write calls

    @Override
    public final WriteFuture writePkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encode(pkg, PendingWrite.PACKET, false);
            return new PendingWrite(this, written(), failure);
        }
        Object owned = ownedPacket(pkg);
        return submit(new PendingWrite(this, owned, PendingWrite.PACKET, 0), estimate(owned));
    }

    @Override
    public final void sendPkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encode(pkg, PendingWrite.PACKET, false);
            if (failure != null) {
                sendFailed(failure);
            }
        } else {
            Object owned = ownedPacket(pkg);
            submit(new PendingWrite(this, owned, PendingWrite.SENT_PACKET, 0), estimate(owned));
        }
    }

    @Override
    public final WriteFuture writePkg(Object pkg, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(SessionOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("timeout must be > 0 and at most "
                    + SessionOptions.MAX_DURATION.toDays() + " days: " + timeout);
        }
        Object owned = loop.inLoop() ? pkg : ownedPacket(pkg);
        return write(owned, PendingWrite.PACKET, timeout.toNanos());
    }

    @Override
    public final WriteFuture writeBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return write(bytes, PendingWrite.BYTES, 0);
    }

    @Override
    public final WriteFuture writeBytesArray(byte[]... arrays) {
        for (byte[] array : arrays) {
            Objects.requireNonNull(array, "arrays holds null");
        }
        return write(arrays, PendingWrite.BYTES_ARRAY, 0);
    }

    private WriteFuture write(Object item, int kind, long timeoutNanos) {
        PendingWrite write = new PendingWrite(this, item, kind, timeoutNanos);
        if (loop.inLoop()) {
            write.run();
            return write;
        }
        return submit(write, estimate(item));
    }

    /**
     * A packet from another thread that is one of that thread's loop's reusable views, or a packet object that
     * its loop re-points for every unit ({@link ReusedPacket}), would change before this loop encodes it: copy
     * it now. Every other packet is the caller's to keep unchanged.
     */
    private static Object ownedPacket(Object pkg) {
        if (pkg instanceof ReusedPacket reused) {
            return reused.ownedCopy();
        }
        EventLoop caller = EventLoop.current();
        if (caller != null && caller.isReusableView(pkg)) {
            ByteBuffer view = (ByteBuffer) pkg;
            return ByteBuffer.allocate(view.remaining()).put(view.duplicate()).flip();
        }
        return pkg;
    }

    private static long estimate(Object item) {
        if (item instanceof ByteBuffer b) {
            return b.remaining();
        }
        if (item instanceof byte[] a) {
            return a.length;
        }
        if (item instanceof byte[][] arrays) {
            long n = 0;
            for (byte[] a : arrays) {
                n += a.length;
            }
            return n;
        }
        return UNKNOWN_SIZE_ESTIMATE;
    }

    /** Hands a write made on another thread to the loop, counted against the limit now. */
    private WriteFuture submit(PendingWrite write, long estimate) {
        if (lifecycle() >= CLOSING) {
            write.refuse(closedForWrites());
            return write;
        }
        long limit = config.options.writeBufferLimit();
        while (true) {
            int p = (int) PENDING.getVolatile(this);
            if (p + estimate > limit) {
                write.refuse(new WriteBufferFullException(p + estimate, limit));
                return write;
            }
            if (PENDING.compareAndSet(this, p, (int) (p + estimate))) {
                break;
            }
        }
        write.estimate = (int) estimate;
        if (!loop.offer(write)) {
            PENDING.getAndAdd(this, (int) -estimate);
            write.reject();
        }
        return write;
    }

    /**
     * A packet from {@code sendPkg} could not be accepted. Nobody holds a future for it, so the session fails
     * with why (through {@code onError}), unless it is closing anyway: then {@code onClose} says enough. A
     * datagram session ({@link SessionIo#unitErrorsAreLocal()}) reports it and goes on: one datagram that cannot
     * be sent is that datagram's loss, as a bad inbound one is.
     */
    final void sendFailed(Throwable failure) {
        if (lifecycle() < CLOSING) {
            if (io.unitErrorsAreLocal()) {
                reportOnLoop(new ErrorEvent(failure));
            } else {
                fail(failure);
            }
        }
    }

    private void reportOnLoop(ErrorEvent error) {
        if (loop.inLoop()) {
            dispatchEvent(error);
        } else {
            try {
                loop.execute(() -> dispatchEvent(error));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The loop stopped and closed this session as it did: onClose says enough.
            }
        }
    }

    /** A write from another thread reached the loop: its estimate gives way to its encoded size. Loop thread. */
    final Throwable encodeQueued(Object item, int kind, int estimate) {
        PENDING.getAndAdd(this, -estimate);
        return encode(item, kind, true);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes one write into the top buffer. Returns null, or why the write failed (then nothing of it is
     * left in the output). {@code queued} writes were accepted before a {@code close()} and are still sent.
     * Loop thread.
     */
    final Throwable encode(Object item, int kind, boolean queued) {
        int s = lifecycle();
        if (s == CLOSED || s == CLOSING && !queued || hasFlag(FAILED)) {
            return closedForWrites();
        }
        SessionConfig c = config;
        if (s == INITIALIZING && c.writer == null
                && (kind == PendingWrite.PACKET || kind == PendingWrite.SENT_PACKET)) {
            return new GettyException("write to " + this + " in its initializer before a codec was set");
        }
        long limit = c.options.writeBufferLimit();
        long pendingNow = pendingTotal();
        if (pendingNow >= limit) {
            return new WriteBufferFullException(pendingNow, limit);
        }
        PendingOutput po = out;
        if (po == null) {
            po = out = PendingOutput.acquire(this, flushedBytes());
        }
        OutboundBuffer b = po.buffer;
        long mark = b.mark();
        int sizeAtMark = b.size();
        boolean framed = hasFlag(FRAMED);
        try {
            Object content = framed ? io.beginPacket(item, b) : item;
            switch (kind) {
                case PendingWrite.PACKET, PendingWrite.SENT_PACKET -> c.writer.write(this, content, b);
                case PendingWrite.BYTES -> b.writeBytes((byte[]) content);
                default -> {
                    for (byte[] array : (byte[][]) content) {
                        b.writeBytes(array);
                    }
                }
            }
            if (pendingNow + b.size() - sizeAtMark > limit) {
                throw new WriteBufferFullException(pendingNow + b.size() - sizeAtMark, limit);
            }
            if (framed) {
                io.endPacket(b, true); // last: a packet the io has recorded is never taken back
            }
        } catch (WriteBufferFullException e) {
            takeBack(po, mark, sizeAtMark, framed);
            return e;
        } catch (Throwable t) {
            takeBack(po, mark, sizeAtMark, framed);
            return new EncodeException("the writer of " + this + " failed to encode a "
                    + (item == null ? "null" : item.getClass().getName()), t);
        }
        int added = b.size() - sizeAtMark;
        po.written += added;
        countPacketWritten();
        wantFlush();
        if (pendingNow + added > c.options.waterMarks().high() && unwritable(true)) {
            dispatchEvent(SessionEvent.UNWRITABLE);
        }
        return null;
    }

    /** Undoes a failed encoding; an output left with nothing pending goes back to the pool. */
    private void takeBack(PendingOutput po, long mark, int sizeAtMark, boolean framed) {
        OutboundBuffer b = po.buffer;
        if (framed) {
            io.endPacket(b, false);
        }
        b.rollback(mark, sizeAtMark);
        if (b.size() == 0 && po.written == flushedBytes()) {
            releaseOutput();
        }
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
            fail(new io.getty.core.WriteTimeoutException("pending output of " + this + " (" + (po.written
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
            io.getty.core.internal.loop.LoopTask task = new io.getty.core.internal.loop.LoopTask() {
                @Override
                public void run() {
                    watch(write);
                }

                @Override
                public void reject() {
                    // The loop stopped, and closed this session as it did: the write is done, one way or the other.
                    if (!write.tryComplete()) {
                        write.fail(new SessionClosedException("the event loop of " + SessionWrites.this
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
