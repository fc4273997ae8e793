package io.getty.core.internal.buffer;

import java.nio.ByteBuffer;

/**
 * The direct chunks that one event loop's sessions build their pending output from. Bounded: a chunk
 * released while the pool is full is left to the garbage collector. Loop thread only.
 */
public final class ChunkPool {
    private final int chunkSize;
    private final ByteBuffer[] free;
    private int freeCount;
    private long allocated;

    public ChunkPool(int chunkSize, int maxPooled) {
        this.chunkSize = chunkSize;
        this.free = new ByteBuffer[maxPooled];
    }

    public int chunkSize() {
        return chunkSize;
    }

    public ByteBuffer acquire() {
        if (freeCount > 0) {
            ByteBuffer chunk = free[--freeCount];
            free[freeCount] = null;
            return chunk;
        }
        allocated++;
        return ByteBuffer.allocateDirect(chunkSize);
    }

    public void release(ByteBuffer chunk) {
        if (freeCount < free.length) {
            chunk.clear();
            free[freeCount++] = chunk;
        }
    }

    /** Chunks waiting in the pool. */
    public int pooled() {
        return freeCount;
    }

    /** Chunks ever allocated because the pool was empty. */
    public long allocated() {
        return allocated;
    }

    /** Drops every pooled chunk (the loop is stopping). */
    public void clear() {
        java.util.Arrays.fill(free, 0, freeCount, null);
        freeCount = 0;
    }
}
