package io.getty.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * The payload of one frame, big-endian:
 *
 * <pre>
 *   offset 0   int   connection id
 *   offset 4   long  per-connection sequence number
 *   offset 12  ...   filler: 64-bit words w_k = seed + k * GOLDEN, seed = mix(connection id, sequence);
 *                    a trailing partial word is cut from w_k's high bytes
 * </pre>
 *
 * Because the filler depends on both the connection id and the sequence number, every echoed byte
 * can be checked without remembering what was sent, and a frame from another connection or another
 * position in the stream cannot pass as the expected one. One multiply-free add per 8 bytes keeps
 * the generator's own CPU cost per message small next to the syscalls.
 *
 * <p>All methods use absolute indexes, so they neither move a buffer's position nor allocate.
 */
public final class Payload {

    /** Connection id and sequence number, plus at least 4 filler bytes. */
    public static final int MIN_SIZE = 16;

    static final int CONNECTION_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 4;
    static final int FILLER_OFFSET = 12;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Payload() {
    }

    /** Writes a {@code size}-byte payload for ({@code connection}, {@code sequence}) at {@code index}. */
    public static void write(ByteBuffer buf, int index, int size, int connection, long sequence) {
        buf.putInt(index + CONNECTION_OFFSET, connection);
        buf.putLong(index + SEQUENCE_OFFSET, sequence);
        long word = seed(connection, sequence);
        int pos = index + FILLER_OFFSET;
        int end = index + size;
        for (; pos + 8 <= end; pos += 8, word += GOLDEN) {
            buf.putLong(pos, word);
        }
        for (int shift = 56; pos < end; pos++, shift -= 8) {
            buf.put(pos, (byte) (word >>> shift));
        }
    }

    /** Reads the connection id of the payload at {@code index}. */
    public static int connection(ByteBuffer buf, int index) {
        return buf.getInt(index + CONNECTION_OFFSET);
    }

    /** Reads the sequence number of the payload at {@code index}. */
    public static long sequence(ByteBuffer buf, int index) {
        return buf.getLong(index + SEQUENCE_OFFSET);
    }

    /**
     * Checks the filler of the payload at {@code index} against ({@code connection}, {@code sequence}).
     *
     * @return -1 if every filler byte matches, else the payload offset of the first wrong byte
     */
    public static int firstBadFillerByte(ByteBuffer buf, int index, int size, int connection, long sequence) {
        long word = seed(connection, sequence);
        int pos = index + FILLER_OFFSET;
        int end = index + size;
        for (; pos + 8 <= end; pos += 8, word += GOLDEN) {
            if (buf.getLong(pos) != word) {
                return firstDifferentByte(buf, pos, word) - index;
            }
        }
        for (int shift = 56; pos < end; pos++, shift -= 8) {
            if (buf.get(pos) != (byte) (word >>> shift)) {
                return pos - index;
            }
        }
        return -1;
    }

    /** The byte the filler should hold at payload {@code offset} (for error messages). */
    public static byte expectedFillerByte(int connection, long sequence, int offset) {
        int fillerIndex = offset - FILLER_OFFSET;
        long word = seed(connection, sequence) + (fillerIndex / 8) * GOLDEN;
        return (byte) (word >>> (56 - 8 * (fillerIndex % 8)));
    }

    private static int firstDifferentByte(ByteBuffer buf, int pos, long word) {
        for (int i = 0; i < 8; i++) {
            if (buf.get(pos + i) != (byte) (word >>> (56 - 8 * i))) {
                return pos + i;
            }
        }
        throw new IllegalStateException("words differ but no byte does");
    }

    /** SplitMix64's finalizer over both ids: neighbouring frames get unrelated fillers. */
    private static long seed(int connection, long sequence) {
        long z = sequence * GOLDEN + ((long) connection << 32 | (connection & 0xFFFFFFFFL));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
