package io.getty.core.internal.buffer;

import io.getty.core.ByteOutput;
import io.getty.core.WriteBufferFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pending output: a queue of pooled direct chunks that packets are encoded into and that leave in gathering
 * writes. A session borrows one from its loop's {@link OutboundBufferPool} while it has bytes pending and
 * gives it back, empty, when they are all sent, so an idle session holds none. With a single chunk pending
 * (the usual case) there is no array either: {@code tail} alone is the queue.
 *
 * <p>Chunks before the last have their limit at their data's end; the last (the tail) keeps its limit at
 * capacity so that absolute puts can append, and {@code tailEnd} marks its data's end. Each chunk's position
 * is the next byte to send. Loop thread only.
 */
public final class OutboundBuffer implements ByteOutput {

    /** What takes bytes from the front of a buffer: a socket, or a layer that transforms them. */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * Takes bytes from {@code chunks[offset .. offset + length)}, each between its position and limit, by
         * advancing their positions; returns the bytes taken.
         */
        long take(ByteBuffer[] chunks, int offset, int length) throws IOException;
    }

    private final ChunkPool pool;
    /** The chunks when there are two or more, tail last; null until a session first needs two. */
    private ByteBuffer[] chunks;
    private int count;
    private ByteBuffer tail;
    private int tailEnd;
    private int size;
    private int limit = Integer.MAX_VALUE;
    /** Bytes ever taken from the front: with {@link #size()}, the offsets that layers map writes by. */
    private long consumed;
    /** A one-element array for handing a lone chunk to a {@link ChunkSink}. */
    private ByteBuffer[] single;
    boolean pooled; // in its pool's free list: guards against a second release

    public OutboundBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    /**
     * Once this many bytes are pending, taking another chunk throws {@link WriteBufferFullException}: a guard
     * against a writer that never stops, exact to within one chunk (the session checks the exact limit).
     */
    public void limit(int pendingLimit) {
        this.limit = pendingLimit;
    }

    /** The bytes pending. */
    public int size() {
        return size;
    }

    /** Bytes ever taken from the front of this buffer (sent, or consumed by a layer). */
    public long consumedTotal() {
        return consumed;
    }

    /** Bytes ever appended and not rolled back: {@link #consumedTotal()} plus {@link #size()}. */
    public long appendedTotal() {
        return consumed + size;
    }

    /**
     * The current end, to {@link #rollback} to if the packet about to be encoded fails. Keep it with the
     * {@link #size()} of the same moment.
     */
    public long mark() {
        return (long) count << 32 | tailEnd;
    }

    /** Takes back everything appended since {@code mark}, when {@code size()} was {@code sizeAtMark}. */
    public void rollback(long mark, int sizeAtMark) {
        int markCount = (int) (mark >>> 32);
        while (count > markCount) {
            ByteBuffer dropped = tail;
            count--;
            if (count >= 1) {
                chunks[count] = null;
                tail = chunks[count - 1];
                if (count == 1) {
                    chunks[0] = null; // one chunk is held by tail alone
                }
            } else {
                tail = null;
            }
            pool.release(dropped);
        }
        if (tail != null) {
            tail.limit(tail.capacity());
            tailEnd = (int) mark;
        } else {
            tailEnd = 0;
        }
        size = sizeAtMark;
    }

    @Override
    public ByteOutput writeByte(int value) {
        if (tail == null || tailEnd == tail.capacity()) {
            addChunk();
        }
        tail.put(tailEnd++, (byte) value);
        size++;
        return this;
    }

    @Override
    public ByteOutput writeShort(int value) {
        if (room(2)) {
            tail.putShort(tailEnd, (short) value);
            tailEnd += 2;
            size += 2;
            return this;
        }
        return writeByte(value >>> 8).writeByte(value);
    }

    @Override
    public ByteOutput writeInt(int value) {
        if (room(4)) {
            tail.putInt(tailEnd, value);
            tailEnd += 4;
            size += 4;
            return this;
        }
        return writeShort(value >>> 16).writeShort(value);
    }

    @Override
    public ByteOutput writeLong(long value) {
        if (room(8)) {
            tail.putLong(tailEnd, value);
            tailEnd += 8;
            size += 8;
            return this;
        }
        return writeInt((int) (value >>> 32)).writeInt((int) value);
    }

    /**
     * Whether the tail has room for {@code n} (at most 8) contiguous bytes, taking a new chunk if there is no
     * tail or it is full. False only when the tail has a few bytes left: the value is then split byte-wise.
     */
    private boolean room(int n) {
        if (tail == null || tailEnd == tail.capacity()) {
            addChunk();
            return true;
        }
        return tail.capacity() - tailEnd >= n;
    }

    @Override
    public ByteOutput writeBytes(byte[] src) {
        return writeBytes(src, 0, src.length);
    }

    @Override
    public ByteOutput writeBytes(byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        while (length > 0) {
            if (tail == null || tailEnd == tail.capacity()) {
                addChunk();
            }
            int n = Math.min(length, tail.capacity() - tailEnd);
            tail.put(tailEnd, src, offset, n);
            tailEnd += n;
            size += n;
            offset += n;
            length -= n;
        }
        return this;
    }

    @Override
    public ByteOutput writeBytes(ByteBuffer src) {
        int from = src.position();
        int length = src.remaining();
        while (length > 0) {
            if (tail == null || tailEnd == tail.capacity()) {
                addChunk();
            }
            int n = Math.min(length, tail.capacity() - tailEnd);
            tail.put(tailEnd, src, from, n);
            tailEnd += n;
            size += n;
            from += n;
            length -= n;
        }
        return this;
    }

    /**
     * Writes as much as {@code channel} takes in one (gathering) write and releases the chunks it emptied.
     *
     * @return the bytes written
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        if (count == 0) {
            return 0;
        }
        long n;
        tail.limit(tailEnd);
        try {
            n = count == 1 ? channel.write(tail) : channel.write(chunks, 0, count);
        } finally {
            tail.limit(tail.capacity());
        }
        taken(n);
        return n;
    }

    /**
     * Lets {@code sink} take what it will from the front, in one call, and releases the chunks it emptied.
     *
     * @return the bytes taken
     */
    public long drainTo(ChunkSink sink) throws IOException {
        if (count == 0) {
            return 0;
        }
        long n;
        tail.limit(tailEnd);
        try {
            if (count == 1) {
                ByteBuffer[] one = single;
                if (one == null) {
                    one = single = new ByteBuffer[1];
                }
                one[0] = tail;
                try {
                    n = sink.take(one, 0, 1);
                } finally {
                    one[0] = null;
                }
            } else {
                n = sink.take(chunks, 0, count);
            }
        } finally {
            tail.limit(tail.capacity());
        }
        taken(n);
        return n;
    }

    private void taken(long n) {
        consumed += n;
        size -= (int) n;
        if (size == 0) {
            releaseAll();
        } else if (count > 1) {
            releaseSentChunks();
        }
    }

    /** Returns every chunk to the pool, empty; what was not sent is dropped (the session closed). */
    public void releaseAll() {
        if (count > 1) {
            for (int i = 0; i < count - 1; i++) {
                pool.release(chunks[i]);
            }
            Arrays.fill(chunks, 0, count, null);
            if (chunks.length > 16) {
                chunks = null; // a burst grew the array: let it go
            }
        }
        if (tail != null) {
            pool.release(tail);
        }
        count = 0;
        tail = null;
        tailEnd = 0;
        size = 0;
    }

    private void releaseSentChunks() {
        int sent = 0;
        while (sent < count - 1 && !chunks[sent].hasRemaining()) {
            pool.release(chunks[sent]);
            sent++;
        }
        if (sent > 0) {
            System.arraycopy(chunks, sent, chunks, 0, count - sent);
            Arrays.fill(chunks, count - sent, count, null);
            count -= sent;
            if (count == 1) {
                chunks[0] = null;
            }
        }
    }

    private void addChunk() {
        if (size >= limit) {
            throw new WriteBufferFullException(size, limit);
        }
        ByteBuffer chunk = pool.acquire();
        if (count == 0) {
            tail = chunk;
        } else {
            tail.limit(tailEnd);
            if (chunks == null) {
                chunks = new ByteBuffer[4];
            } else if (count == chunks.length) {
                chunks = Arrays.copyOf(chunks, count * 2);
            }
            if (count == 1) {
                chunks[0] = tail;
            }
            chunks[count] = chunk;
            tail = chunk;
        }
        count++;
        tailEnd = 0;
    }
}
