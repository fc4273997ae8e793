package io.getty.tcp.internal.compress;

import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopLocal;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The buffers that every compressed session of one event loop shares, since a loop runs one layer call at a
 * time: what a call produces is appended below or passed up before it returns. Each is made when a layer of
 * the loop first needs it, so a loop whose sessions do not compress holds none. Loop thread only.
 */
final class CompressScratch {
    /** The size of each buffer: a Snappy chunk's uncompressed maximum, and a good step for zlib. */
    static final int SIZE = 64 * 1024;

    private static final LoopLocal<CompressScratch> PER_LOOP = new LoopLocal<>(loop -> new CompressScratch());

    private ByteBuffer deflated;
    private ByteBuffer inflated;
    private ByteBuffer staged;
    private ByteBuffer compressed;
    private ByteBuffer uncompressed;
    private byte[] uncompressedArray;
    private ByteBuffer uncompressedHeap;
    private CRC32C crc;

    private CompressScratch() {
    }

    /** The calling loop's scratch. */
    static CompressScratch of(EventLoop loop) {
        return PER_LOOP.get(loop);
    }

    /** Where zlib writes compressed bytes before they are appended below; direct, cleared. */
    ByteBuffer deflated() {
        ByteBuffer b = deflated;
        if (b == null) {
            b = deflated = ByteBuffer.allocateDirect(SIZE);
        }
        return b.clear();
    }

    /** Where zlib writes what it inflated before it is passed up; heap, cleared. */
    ByteBuffer inflated() {
        ByteBuffer b = inflated;
        if (b == null) {
            b = inflated = ByteBuffer.allocate(SIZE);
        }
        return b.clear();
    }

    /** Up to one Snappy chunk of outbound bytes, gathered to be checksummed and compressed; direct, cleared. */
    ByteBuffer staged() {
        ByteBuffer b = staged;
        if (b == null) {
            b = staged = ByteBuffer.allocateDirect(SIZE);
        }
        return b.clear();
    }

    /** Room for one compressed Snappy block of {@code SIZE} input bytes; direct, cleared. */
    ByteBuffer compressed() {
        ByteBuffer b = compressed;
        if (b == null) {
            b = compressed = ByteBuffer.allocateDirect(SnappyFraming.MAX_COMPRESSED_BLOCK);
        }
        return b.clear();
    }

    /** Where a Snappy block read from a direct buffer is uncompressed; direct, cleared. */
    ByteBuffer uncompressed() {
        ByteBuffer b = uncompressed;
        if (b == null) {
            b = uncompressed = ByteBuffer.allocateDirect(SIZE);
        }
        return b.clear();
    }

    /** Where a Snappy block read from a heap buffer is uncompressed (the array of {@link #uncompressedHeap}). */
    byte[] uncompressedArray() {
        if (uncompressedArray == null) {
            uncompressedArray = new byte[SIZE];
            uncompressedHeap = ByteBuffer.wrap(uncompressedArray);
        }
        return uncompressedArray;
    }

    /** {@link #uncompressedArray()} as a buffer of its first {@code length} bytes. */
    ByteBuffer uncompressedHeap(int length) {
        uncompressedArray();
        return uncompressedHeap.clear().limit(length);
    }

    /** A CRC-32C, reset. */
    CRC32C crc() {
        CRC32C c = crc;
        if (c == null) {
            c = crc = new CRC32C();
        }
        c.reset();
        return c;
    }
}
