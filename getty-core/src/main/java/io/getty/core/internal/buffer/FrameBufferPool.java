package io.getty.core.internal.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;

/**
 * Direct buffers for large packets still arriving, one per such packet, so that the rest of it is read
 * straight from the socket into the buffer it is decoded from: no copy in user space, and no buffer grown and
 * copied as the packet arrives. Sizes are powers of two from 64 KiB; a packet gets a slice of exactly its
 * length. Bounded: a buffer given back to a full size class, or one that would take the spare buffers past
 * {@link #MAX_SPARE_BYTES} in all, is left to the collector. Loop thread only.
 */
public final class FrameBufferPool {
    private static final int MIN_SHIFT = 16;
    /** Spare buffers kept per size class. */
    private static final int PER_CLASS = 8;
    /** Bytes of spare buffers kept in all size classes together (a buffer bigger than this is never kept). */
    static final long MAX_SPARE_BYTES = 4L << 20;

    private final ArrayDeque<ByteBuffer>[] free;
    /** The buffer each slice handed out was cut from. */
    private final IdentityHashMap<ByteBuffer, ByteBuffer> lent = new IdentityHashMap<>();
    /** The capacity of the spare buffers, in all. */
    private long spareBytes;
    /** The capacity of the buffers lent now, in all. */
    private long lentBytes;

    @SuppressWarnings("unchecked")
    public FrameBufferPool() {
        free = new ArrayDeque[32 - MIN_SHIFT];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>(PER_CLASS);
        }
    }

    /** A direct buffer of exactly {@code length} bytes (position 0, limit and capacity {@code length}). */
    public ByteBuffer acquire(int length) {
        int cls = sizeClass(length);
        ByteBuffer whole = free[cls].pollFirst();
        if (whole == null) {
            whole = ByteBuffer.allocateDirect(1 << (cls + MIN_SHIFT));
        } else {
            spareBytes -= whole.capacity();
        }
        ByteBuffer slice = whole.clear().limit(length).slice();
        lent.put(slice, whole);
        lentBytes += whole.capacity();
        return slice;
    }

    /** Takes back a buffer from {@link #acquire}; anything else is ignored. */
    public void release(ByteBuffer slice) {
        ByteBuffer whole = lent.remove(slice);
        if (whole != null) {
            int size = whole.capacity();
            lentBytes -= size;
            ArrayDeque<ByteBuffer> spares = free[sizeClass(size)];
            if (spares.size() < PER_CLASS && spareBytes + size <= MAX_SPARE_BYTES) {
                spares.addFirst(whole);
                spareBytes += size;
            }
        }
    }

    /** Whether {@code b} is a buffer this pool lent. */
    public boolean lends(ByteBuffer b) {
        return lent.containsKey(b);
    }

    /** The capacity of the buffers lent and not yet given back, in all (memory this pool holds for packets). */
    public long lentBytes() {
        return lentBytes;
    }

    /** The capacity of the spare buffers kept for later, in all. */
    public long spareBytes() {
        return spareBytes;
    }

    /** Drops every spare buffer (the loop is stopping). */
    public void clear() {
        for (ArrayDeque<ByteBuffer> spares : free) {
            spares.clear();
        }
        lent.clear();
        spareBytes = 0;
        lentBytes = 0;
    }

    private static int sizeClass(int length) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(length, 1 << MIN_SHIFT) - 1);
        return bits - MIN_SHIFT;
    }
}
