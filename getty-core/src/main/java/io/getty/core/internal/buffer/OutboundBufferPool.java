package io.getty.core.internal.buffer;

/**
 * The {@link OutboundBuffer}s of one event loop, lent to sessions while they have output pending. Bounded:
 * a buffer given back while the pool is full is left to the garbage collector. Loop thread only.
 */
public final class OutboundBufferPool {
    private final ChunkPool chunks;
    private final OutboundBuffer[] free;
    private int freeCount;

    public OutboundBufferPool(ChunkPool chunks, int maxPooled) {
        this.chunks = chunks;
        this.free = new OutboundBuffer[maxPooled];
    }

    /** An empty buffer whose appends stop at {@code limit} pending bytes. */
    public OutboundBuffer acquire(int limit) {
        OutboundBuffer buffer;
        if (freeCount > 0) {
            buffer = free[--freeCount];
            free[freeCount] = null;
            buffer.pooled = false;
        } else {
            buffer = new OutboundBuffer(chunks);
        }
        buffer.limit(limit);
        return buffer;
    }

    /**
     * Takes back a buffer; whatever it still holds is dropped. Idempotent: a buffer released twice must not be
     * lent to two sessions at once, or one session's bytes would go out on the other's socket.
     */
    public void release(OutboundBuffer buffer) {
        if (buffer.pooled) {
            return;
        }
        buffer.releaseAll();
        if (freeCount < free.length) {
            buffer.pooled = true;
            free[freeCount++] = buffer;
        }
    }

    /** Drops every pooled buffer (the loop is stopping). */
    public void clear() {
        java.util.Arrays.fill(free, 0, freeCount, null);
        freeCount = 0;
    }
}
