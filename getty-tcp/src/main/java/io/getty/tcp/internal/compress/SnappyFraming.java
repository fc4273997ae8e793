package io.getty.tcp.internal.compress;

/**
 * The constants of Snappy's framing format (google/snappy, {@code framing_format.txt}): a stream identifier,
 * then chunks of a type byte and a 3-byte little-endian length. Data chunks start with the masked CRC-32C of
 * their uncompressed bytes (little-endian) and hold at most 64 KiB of them.
 */
final class SnappyFraming {
    /** A chunk's header: type (1) and length (3, little-endian) of what follows. */
    static final int HEADER = 4;
    /** The masked CRC-32C at the start of a data chunk. */
    static final int CHECKSUM = 4;
    static final int COMPRESSED = 0x00;
    static final int UNCOMPRESSED = 0x01;
    /** Types 0x02-0x7f are reserved and unskippable: a reader that meets one must stop. */
    static final int LAST_UNSKIPPABLE = 0x7f;
    static final int STREAM_IDENTIFIER = 0xff;
    /** The stream identifier chunk, whole: it starts every stream. */
    static final byte[] STREAM_ID = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    /** The most uncompressed bytes one data chunk may carry. */
    static final int MAX_BLOCK = 64 * 1024;
    /** Snappy's bound on a compressed block of {@link #MAX_BLOCK} bytes ({@code snappy::MaxCompressedLength}). */
    static final int MAX_COMPRESSED_BLOCK = 32 + MAX_BLOCK + MAX_BLOCK / 6;

    private SnappyFraming() {
    }

    /** The checksum a data chunk carries: the CRC-32C rotated right by 15 bits, plus a constant. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }
}
