package io.getty.core.internal.buffer;

import io.getty.core.ByteOutput;
import io.getty.core.WriteBufferFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A session's pending output: a queue of pooled direct chunks that packets are encoded into and that leave
 * in gathering writes. A session with nothing pending holds no chunk.
 *
 * <p>Bytes are numbered from the session's start: {@link #written()} counts bytes appended, {@link #flushed()}
 * bytes handed to the kernel, so a write is done when {@code flushed() >= } the value {@code written()} had
 * after it. Chunks before the last have their limit at their data's end; the last (the tail) keeps its limit
 * at capacity so that absolute puts can append, and {@code tailEnd} marks its data's end. Each chunk's
 * position is the next byte to send. Loop thread only.
 */
public final class OutboundBuffer implements ByteOutput {
    private static final ByteBuffer[] NO_CHUNKS = new ByteBuffer[0];

    private final ChunkPool pool;
    private ByteBuffer[] chunks = NO_CHUNKS;
    private int count;
    private ByteBuffer tail;
    private int tailEnd;
    private long written;
    private long flushed;
    private long limit = Long.MAX_VALUE;
    private int markCount;
    private int markTailEnd;
    private long markWritten;

    public OutboundBuffer(ChunkPool pool) {
        this.pool = pool;
    }

    /** Past this many pending bytes, appending throws {@link WriteBufferFullException}. */
    public void limit(long pendingLimit) {
        this.limit = pendingLimit;
    }

    public long written() {
        return written;
    }

    public long flushed() {
        return flushed;
    }

    public long pending() {
        return written - flushed;
    }

    /** Remembers the current end, for {@link #rollback()} if the packet being encoded fails. */
    public void mark() {
        markCount = count;
        markTailEnd = tailEnd;
        markWritten = written;
    }

    /** Takes back everything appended since {@link #mark()}. */
    public void rollback() {
        while (count > markCount) {
            ByteBuffer chunk = chunks[--count];
            chunks[count] = null;
            pool.release(chunk);
        }
        if (count == 0) {
            tail = null;
            tailEnd = 0;
        } else {
            tail = chunks[count - 1];
            tail.limit(tail.capacity());
            tailEnd = markTailEnd;
        }
        written = markWritten;
    }

    @Override
    public ByteOutput writeByte(int value) {
        if (tail == null || tailEnd == tail.capacity()) {
            addChunk();
        }
        tail.put(tailEnd++, (byte) value);
        written++;
        return this;
    }

    @Override
    public ByteOutput writeShort(int value) {
        if (tail != null && tail.capacity() - tailEnd >= 2) {
            tail.putShort(tailEnd, (short) value);
            tailEnd += 2;
            written += 2;
            return this;
        }
        return writeByte(value >>> 8).writeByte(value);
    }

    @Override
    public ByteOutput writeInt(int value) {
        if (tail != null && tail.capacity() - tailEnd >= 4) {
            tail.putInt(tailEnd, value);
            tailEnd += 4;
            written += 4;
            return this;
        }
        return writeShort(value >>> 16).writeShort(value);
    }

    @Override
    public ByteOutput writeLong(long value) {
        if (tail != null && tail.capacity() - tailEnd >= 8) {
            tail.putLong(tailEnd, value);
            tailEnd += 8;
            written += 8;
            return this;
        }
        return writeInt((int) (value >>> 32)).writeInt((int) value);
    }

    @Override
    public ByteOutput writeBytes(byte[] src) {
        return writeBytes(src, 0, src.length);
    }

    @Override
    public ByteOutput writeBytes(byte[] src, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        while (length > 0) {
            if (tail == null || tailEnd == tail.capacity()) {
                addChunk();
            }
            int n = Math.min(length, tail.capacity() - tailEnd);
            tail.put(tailEnd, src, offset, n);
            tailEnd += n;
            written += n;
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
            written += n;
            from += n;
            length -= n;
        }
        return this;
    }

    /**
     * Writes as much as {@code channel} takes in one gathering write and releases the chunks it emptied.
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
        flushed += n;
        if (flushed == written) {
            releaseAll();
        } else {
            releaseSentChunks();
        }
        return n;
    }

    /** Returns every chunk to the pool; what was not sent is dropped (the session closed). */
    public void releaseAll() {
        for (int i = 0; i < count; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        count = 0;
        tail = null;
        tailEnd = 0;
        if (chunks.length > 16) {
            chunks = NO_CHUNKS; // a burst grew the array: let it go
        }
    }

    private void releaseSentChunks() {
        int sent = 0;
        while (sent < count - 1 && !chunks[sent].hasRemaining()) {
            pool.release(chunks[sent]);
            sent++;
        }
        if (sent > 0) {
            System.arraycopy(chunks, sent, chunks, 0, count - sent);
            java.util.Arrays.fill(chunks, count - sent, count, null);
            count -= sent;
        }
    }

    private void addChunk() {
        long pending = written - flushed;
        if (pending >= limit) {
            throw new WriteBufferFullException(pending, limit);
        }
        if (tail != null) {
            tail.limit(tailEnd);
        }
        if (count == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, Math.max(4, count * 2));
        }
        tail = pool.acquire();
        tailEnd = 0;
        chunks[count++] = tail;
    }
}
