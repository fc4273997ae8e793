package io.getty.ws.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * XOR of payload bytes with a 4-byte masking key (RFC 6455 section 5.3): byte {@code i} of the payload is
 * XORed with key byte {@code i % 4}. Masking and unmasking are the same operation.
 *
 * <p>The key is an {@code int} whose most significant byte is key byte 0 (the order on the wire). A
 * <em>phase</em> says which key byte applies to the first byte handled, so a payload can be processed in
 * pieces: the phase of a piece is its offset in the payload modulo 4. Eight bytes are XORed at a time
 * with the key repeated twice in a {@code long}; the buffer's byte order is honoured, so any buffer works.
 * Absolute indices are used throughout: no position or limit is changed.
 */
public final class Masking {

    private Masking() {
    }

    /**
     * Masks (or unmasks) {@code buf}'s bytes at indices {@code [from, to)} in place.
     *
     * @param key   the masking key, key byte 0 in the most significant byte
     * @param phase the key byte that applies at {@code from}: the payload offset of {@code from} modulo 4
     */
    public static void maskInPlace(ByteBuffer buf, int from, int to, int key, int phase) {
        int k = Integer.rotateLeft(key, 8 * (phase & 3));
        int i = from;
        if (to - i >= 8) {
            long m = repeated(k, buf.order());
            for (; i <= to - 8; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ m);
            }
        }
        // Eight bytes are two whole turns of the key, so k still points at the right key byte here.
        for (; i < to; i++) {
            buf.put(i, (byte) (buf.get(i) ^ (k >>> 24)));
            k = Integer.rotateLeft(k, 8);
        }
    }

    /**
     * Copies {@code length} bytes from {@code src} at index {@code srcIndex} to {@code dst} at index
     * {@code dstIndex}, masking (or unmasking) them on the way; {@code src} is not changed.
     *
     * @param key   the masking key, key byte 0 in the most significant byte
     * @param phase the key byte that applies to the first byte copied
     */
    public static void copyMasked(ByteBuffer src, int srcIndex, ByteBuffer dst, int dstIndex, int length,
                                  int key, int phase) {
        int k = Integer.rotateLeft(key, 8 * (phase & 3));
        int i = 0;
        if (length >= 8) {
            long m = repeated(k, src.order());
            boolean swap = src.order() != dst.order();
            for (; i <= length - 8; i += 8) {
                long v = src.getLong(srcIndex + i) ^ m;
                dst.putLong(dstIndex + i, swap ? Long.reverseBytes(v) : v);
            }
        }
        for (; i < length; i++) {
            dst.put(dstIndex + i, (byte) (src.get(srcIndex + i) ^ (k >>> 24)));
            k = Integer.rotateLeft(k, 8);
        }
    }

    /** The key twice in a long, laid out so that reading 8 bytes in {@code order} lines them up with it. */
    private static long repeated(int k, ByteOrder order) {
        long m = ((long) k << 32) | (k & 0xFFFF_FFFFL);
        return order == ByteOrder.BIG_ENDIAN ? m : Long.reverseBytes(m);
    }
}
