package io.getty.core.internal.session;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopLocal;
import io.getty.core.internal.loop.TimerNode;

/**
 * What a session holds only while it has output that is not yet in the kernel: the top buffer its packets are
 * encoded into, the count of bytes encoded, the writes whose futures someone waits on, and the write-stall
 * timer. Borrowed from the loop's pool on the first write and given back once everything is sent, so that an
 * idle session holds none of it. Loop thread only.
 */
final class PendingOutput extends TimerNode {
    private static final LoopLocal<Pool> POOLS = new LoopLocal<>(Pool::new);

    /** The user's encoded bytes not yet taken by the io below (null once given back). */
    OutboundBuffer buffer;
    /** Bytes encoded since the session began: a write is done once the session's flushed count passes its end. */
    long written;
    /** The pending count last published to other threads (see {@link SessionWrites#pending}). */
    int published;
    /** Writes whose futures someone waits on; made when first needed. */
    WriteWaiters waiters;
    /** When the output last made progress while the socket would take nothing. */
    long stalledSince;
    boolean blocked;
    private SessionWrites session;

    /** A pending output for {@code session}, whose bytes so far are {@code flushed}. */
    static PendingOutput acquire(SessionWrites session, long flushed) {
        EventLoop loop = session.loop;
        PendingOutput out = POOLS.get(loop).take();
        out.session = session;
        // The buffer's own guard stops a writer that never returns; the session checks the exact limit. Writes
        // admitted from other threads may take the output a little past the limit, never past twice it.
        int limit = session.config.options.writeBufferLimit();
        out.buffer = loop.outputPool().acquire((int) Math.min(Integer.MAX_VALUE, 2L * limit));
        out.written = flushed;
        return out;
    }

    /** Gives this back to its loop's pool. Idempotent. */
    void release() {
        SessionWrites s = session;
        if (s == null) {
            return;
        }
        EventLoop loop = s.loop;
        loop.cancel(this);
        loop.outputPool().release(buffer);
        buffer = null;
        waiters = null;
        blocked = false;
        published = 0;
        session = null;
        POOLS.get(loop).put(this);
    }

    @Override
    protected void onTimer(long nowNanos) {
        if (session != null) {
            session.writeStallTimer(nowNanos);
        }
    }

    /** One loop's spare instances. Bounded: beyond it, a given-back instance is left to the collector. */
    private static final class Pool {
        private final PendingOutput[] free = new PendingOutput[1024];
        private int count;

        Pool(EventLoop loop) {
        }

        PendingOutput take() {
            if (count == 0) {
                return new PendingOutput();
            }
            PendingOutput out = free[--count];
            free[count] = null;
            return out;
        }

        void put(PendingOutput out) {
            if (count < free.length) {
                free[count++] = out;
            }
        }
    }
}
