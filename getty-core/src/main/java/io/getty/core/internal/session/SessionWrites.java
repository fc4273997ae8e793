package io.getty.core.internal.session;

import io.getty.core.EncodeException;
import io.getty.core.GettyException;
import io.getty.core.SessionOptions;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.buffer.ReusedPacket;
import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A session's write calls: {@code writePkg}, {@code sendPkg}, {@code writeBytes}, from the loop (encoded at
 * once into the top buffer) or from any other thread (counted against the write buffer limit when made, by an
 * estimate of their size, then handed to the loop as a task), and the encoding itself.
 */
public abstract class SessionWrites extends SessionOutput {
    /** The size counted for a packet from another thread whose encoded size cannot be known beforehand. */
    static final int UNKNOWN_SIZE_ESTIMATE = 64;

    SessionWrites(EventLoop loop, SessionConfig config) {
        super(loop, config);
    }

    // ---------------------------------------------------------------- the write calls

    @Override
    public final WriteFuture writePkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encodeNow(pkg, PendingWrite.PACKET);
            return new PendingWrite(this, written(), failure);
        }
        Object owned = ownedPacket(pkg);
        return submit(new PendingWrite(this, owned, PendingWrite.PACKET, 0), estimate(owned));
    }

    @Override
    public final void sendPkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encodeNow(pkg, PendingWrite.PACKET);
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
        long refusedAt = admit(estimate, limit);
        if (refusedAt >= 0) {
            write.refuse(new WriteBufferFullException(refusedAt + estimate, limit));
            return write;
        }
        write.estimate = (int) estimate;
        if (!loop.offer(write)) {
            unadmit(estimate);
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
        unadmit(estimate);
        return encode(item, kind, estimate);
    }

    /** Encodes a write made on the loop. */
    final Throwable encodeNow(Object item, int kind) {
        return encode(item, kind, -1);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes one write into the top buffer. Returns null, or why the write failed (then nothing of it is
     * left in the output). A write from another thread ({@code admitted}: the size it was counted by when it
     * was made, else -1) was accepted before any {@code close()}, and is still sent; it was held to the write
     * buffer limit when it was made, so it is refused now only if it encodes to much more than it was counted
     * for. Loop thread.
     */
    private Throwable encode(Object item, int kind, long admitted) {
        boolean queued = admitted >= 0;
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
        if (!queued && pendingNow >= limit) {
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
            int size = b.size() - sizeAtMark;
            if (pendingNow + size > limit && (!queued || size > 2 * admitted + UNKNOWN_SIZE_ESTIMATE)) {
                throw new WriteBufferFullException(pendingNow + size, limit);
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
        if (pendingTotal() > c.options.waterMarks().high() && unwritable(true)) {
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
}
