package io.getty.ws.internal;

/**
 * The constants of the RFC 6455 frame format (section 5.2) and the few predicates on them.
 *
 * <pre>
 *   byte 0:  FIN | RSV1 | RSV2 | RSV3 | opcode (4 bits)
 *   byte 1:  MASK | payload length (7 bits: 0-125, or 126 → 16-bit length follows, 127 → 64-bit length)
 *   then:    extended length (0, 2 or 8 bytes), masking key (0 or 4 bytes), payload
 * </pre>
 *
 * RSV bits are given as they sit in the first byte ({@link #RSV1} is {@code 0x40}), so that
 * {@code firstByte & RSV_MASK} and a set of allowed bits compare directly.
 */
public final class Frames {

    /** The FIN bit in the first byte: this frame is the last of its message. */
    public static final int FIN = 0x80;
    /** RSV1 in the first byte; "Per-Message Compressed" when permessage-deflate is negotiated (RFC 7692 section 6). */
    public static final int RSV1 = 0x40;
    public static final int RSV2 = 0x20;
    public static final int RSV3 = 0x10;
    /** All three RSV bits. */
    public static final int RSV_MASK = 0x70;
    /** The MASK bit in the second byte. */
    public static final int MASK = 0x80;

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Control frames carry at most 125 payload bytes (section 5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private Frames() {
    }

    /** Whether {@code opcode} is a control frame's (close, ping, pong and the reserved 0xB-0xF; section 5.5). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** Whether RFC 6455 defines {@code opcode}; 0x3-0x7 and 0xB-0xF are reserved (section 5.2). */
    public static boolean isDefined(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }

    /**
     * The length of a header for {@code payloadLength} bytes: 2, plus 2 or 8 for an extended length, plus 4
     * with a masking key. The minimal encoding, which section 5.2 requires of a sender.
     */
    public static int headerLength(long payloadLength, boolean masked) {
        int length = payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? length + 4 : length;
    }
}
