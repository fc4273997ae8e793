package io.getty.examples;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The payloads of one echo run, all of one size, and the check of their echoes. Message {@code sequence}
 * of connection {@code connection} is, cut to the size:
 *
 * <pre>
 *   | connection (int) | sequence (long) | filler: pseudo-random bytes from a point that depends on both |
 * </pre>
 *
 * so an echo is checked byte for byte, and a lost, repeated or reordered message is named by the
 * connection and sequence it carries (when the size holds the 12-byte header). Immutable; one instance
 * serves every connection.
 */
final class Payloads {
    /** The bytes of the header: connection and sequence. */
    static final int HEADER = Integer.BYTES + Long.BYTES;
    /** How many different starting points the filler has; prime, so neighbours rarely share one. */
    private static final int STARTS = 251;

    private final int size;
    private final byte[] filler;

    Payloads(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        this.size = size;
        this.filler = new byte[Math.max(0, size - HEADER) + STARTS];
        new SplittableRandom(0x6765747479L).nextBytes(filler);
    }

    int size() {
        return size;
    }

    /** A buffer to {@link #fill}. */
    ByteBuffer newBuffer() {
        return ByteBuffer.allocate(size);
    }

    /** Puts the payload of ({@code connection}, {@code sequence}) in {@code dst}, ready to read. */
    void fill(ByteBuffer dst, int connection, long sequence) {
        dst.clear();
        if (size >= HEADER) {
            dst.putInt(connection).putLong(sequence).put(filler, start(connection, sequence), size - HEADER);
        } else {
            for (int i = 0; i < size; i++) {
                dst.put(headerByte(connection, sequence, i));
            }
        }
        dst.flip();
    }

    /**
     * Checks that the bytes between {@code echo}'s position and limit are the payload of
     * ({@code connection}, {@code sequence}); leaves {@code echo}'s position alone.
     *
     * @return empty if they are, else what differs, e.g. {@code byte 17 is 0x3a, expected 0x3b}
     */
    Optional<String> verify(ByteBuffer echo, int connection, long sequence) {
        if (echo.remaining() != size) {
            return Optional.of("the echo has " + echo.remaining() + " bytes, expected " + size);
        }
        int p = echo.position();
        if (size < HEADER) {
            for (int i = 0; i < size; i++) {
                byte expected = headerByte(connection, sequence, i);
                if (echo.get(p + i) != expected) {
                    return byteDiffers(i, echo.get(p + i), expected);
                }
            }
            return Optional.empty();
        }
        int echoConnection = echo.getInt(p);
        long echoSequence = echo.getLong(p + Integer.BYTES);
        if (echoConnection != connection || echoSequence != sequence) {
            return Optional.of("the echo carries connection " + echoConnection + ", sequence " + echoSequence);
        }
        int start = start(connection, sequence);
        int length = size - HEADER;
        int at = echo.slice(p + HEADER, length).mismatch(ByteBuffer.wrap(filler, start, length));
        return at < 0 ? Optional.empty() : byteDiffers(HEADER + at, echo.get(p + HEADER + at), filler[start + at]);
    }

    private static Optional<String> byteDiffers(int index, byte actual, byte expected) {
        return Optional.of(String.format("byte %d is 0x%02x, expected 0x%02x", index, actual & 0xff, expected & 0xff));
    }

    /** Byte {@code i} (0 to 11) of the header: connection then sequence, big-endian. */
    private static byte headerByte(int connection, long sequence, int i) {
        return i < Integer.BYTES
                ? (byte) (connection >>> (8 * (Integer.BYTES - 1 - i)))
                : (byte) (sequence >>> (8 * (HEADER - 1 - i)));
    }

    private static int start(int connection, long sequence) {
        long h = connection * 0x9E3779B97F4A7C15L ^ sequence * 0xC2B2AE3D27D4EB4FL;
        return (int) Math.floorMod(h ^ (h >>> 29), (long) STARTS);
    }
}
