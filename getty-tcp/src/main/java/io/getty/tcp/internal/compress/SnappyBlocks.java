package io.getty.tcp.internal.compress;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;

/**
 * The Snappy block compressor (snappy-java, JNI): the only class that names the optional library, so that
 * getty-tcp loads without it until a session asks for Snappy ({@link SnappyLibrary#check()} runs first).
 */
final class SnappyBlocks {
    private SnappyBlocks() {
    }

    /**
     * Compresses {@code in}'s remaining bytes (direct) into {@code out} (direct, from its position, room for
     * {@link SnappyFraming#MAX_COMPRESSED_BLOCK}); returns the compressed size. Neither position moves.
     */
    static int compress(ByteBuffer in, ByteBuffer out) throws IOException {
        return Snappy.compress(in, out);
    }

    /** The uncompressed length that the block in {@code in}'s remaining bytes (direct) declares. */
    static int uncompressedLength(ByteBuffer in) throws IOException {
        return Snappy.uncompressedLength(in);
    }

    static int uncompressedLength(byte[] in, int offset, int length) throws IOException {
        return Snappy.uncompressedLength(in, offset, length);
    }

    /**
     * Uncompresses the block in {@code in}'s remaining bytes (direct) into {@code out} (direct), which must have
     * room for its {@linkplain #uncompressedLength declared length}: the native code writes no further than that
     * length, and checks every copy against what it has written, but it does not know {@code out}'s size.
     */
    static int uncompress(ByteBuffer in, ByteBuffer out) throws IOException {
        return Snappy.uncompress(in, out);
    }

    /** As {@link #uncompress(ByteBuffer, ByteBuffer)}, between arrays. */
    static int uncompress(byte[] in, int offset, int length, byte[] out) throws IOException {
        return Snappy.uncompress(in, offset, length, out, 0);
    }
}
