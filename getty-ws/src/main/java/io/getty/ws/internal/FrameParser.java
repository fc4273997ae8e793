package io.getty.ws.internal;

import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads RFC 6455 frames (section 5.2) from bytes that arrive in any split, and reports each frame's parts
 * to a {@link Receiver} in this order:
 *
 * <pre>
 *   bytes:     | 81 85 37 fa 21 3d | 7f 9f | 4d 51 58 | 8a 80 01 02 03 04 | ...
 *   receiver:  frameHeader(true, 0, TEXT, true, 5)
 *                                  payload("He")
 *                                          payload("llo")
 *                                                  frameEnd()
 *                                                     frameHeader(true, 0, PONG, true, 0)
 *                                                     frameEnd()
 * </pre>
 *
 * <p>{@link #parse} is an explicit state machine: awaiting the first byte, the second byte, a 16-bit or
 * 64-bit length, the masking key, then the payload. Header bytes that arrive split are kept in fields, so
 * every call consumes all of its input unless the receiver asks to stop at a frame's end; the caller keeps
 * what is left (the unread tail) and passes it again with more bytes. Nothing is allocated.
 *
 * <p>Payload comes unmasked, in one or more non-empty pieces, each a buffer whose bytes between position
 * and limit are the piece, valid only during the call. Where it lives is the receiver's choice, made in
 * {@link Receiver#frameHeader}: in place in the input (unmasked where it lies, so the input must be
 * writable when frames are masked), or copied into a destination buffer the receiver returns, such as the
 * message buffer of a caller that reassembles fragments: the bytes go straight there, unmasked on the way.
 *
 * <p>Everything RFC 6455 and RFC 7692 say about a single frame and the order of frames is checked here, and
 * each failure is a {@link WebSocketProtocolException} with the close code to send:
 * <ul>
 *   <li>1002: an RSV bit that no extension negotiated (5.2), or a negotiated one (RSV1 for permessage-deflate)
 *       on a control frame or a continuation frame (RFC 7692 section 6); a reserved opcode (5.2); a control
 *       frame that is fragmented or longer than 125 bytes (5.5); a 64-bit length with its most significant
 *       bit set (5.2); a frame masked on the wrong side: a server refuses unmasked frames and a client masked
 *       ones (5.1); a continuation with no message to continue, or a new text or binary frame while a
 *       fragmented message is still open (5.4).</li>
 *   <li>1009: a data frame that would bring its message's payload above {@code maxMessagePayload}, reported
 *       as soon as the length is read, before any of its payload.</li>
 * </ul>
 * A length that is not minimally encoded is accepted (section 5.2 binds the sender). After an exception,
 * from the parser or from the receiver, the parser is not used again: the connection is failing.
 */
public final class FrameParser {

    /**
     * What a {@link FrameParser} reports, in order: {@code frameHeader}, then {@code payload} zero or more
     * times, then {@code frameEnd}, for every frame.
     */
    public interface Receiver {

        /**
         * A frame's header has been read. During this call the input's position is at the first payload
         * byte, so {@code in.remaining()} says how much of the payload is already here.
         *
         * @param rsv the RSV bits as they sit in the first byte ({@link Frames#RSV1} and so on)
         * @return a buffer to copy the payload into, unmasked, from its position on (it must have
         *     {@code payloadLength} bytes remaining, and its position ends after them), or {@code null} to
         *     receive the payload in place in the input
         */
        ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength);

        /**
         * The next piece of the payload, unmasked: the bytes between {@code piece}'s position and limit,
         * in the input or in the destination buffer. The receiver may read and move the position; the
         * parser sets position and limit itself afterwards.
         */
        void payload(ByteBuffer piece);

        /**
         * The frame is complete.
         *
         * @return {@code true} to go on with the next frame in the input, {@code false} to return from
         *     {@link FrameParser#parse} with the input's position right after this frame (after a close
         *     frame, or to hand a complete message up before reading on)
         */
        boolean frameEnd();
    }

    private static final int FIRST_BYTE = 0;
    private static final int SECOND_BYTE = 1;
    private static final int LENGTH_16 = 2;
    private static final int LENGTH_64 = 3;
    private static final int MASK_KEY = 4;
    private static final int PAYLOAD = 5;
    private static final int FAILED = 6;

    private final boolean expectMasked;
    private final int allowedRsv;
    private final long maxMessagePayload;

    private int state = FIRST_BYTE;
    /** Bytes of the extended length or masking key read so far. */
    private int fieldBytes;
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private long payloadLength;
    private int maskKey;
    private long payloadRead;
    private ByteBuffer destination;
    /** A text or binary frame without FIN has been read and its final continuation has not. */
    private boolean inMessage;
    /** Payload bytes announced so far by the data frames of the current message. */
    private long messagePayload;

    /**
     * @param serverSide        {@code true} for a server, which requires every frame to be masked;
     *                          {@code false} for a client, which refuses masked frames (RFC 6455 section 5.1)
     * @param allowedRsv        the RSV bits negotiated extensions use ({@link Frames#RSV1} with
     *                          permessage-deflate, else 0)
     * @param maxMessagePayload the most payload bytes one data message may carry on the wire, over all its
     *                          frames; more is a 1009
     */
    public FrameParser(boolean serverSide, int allowedRsv, long maxMessagePayload) {
        if ((allowedRsv & ~Frames.RSV_MASK) != 0) {
            throw new IllegalArgumentException("allowedRsv holds bits other than RSV1-3: " + allowedRsv);
        }
        if (maxMessagePayload < 0) {
            throw new IllegalArgumentException("maxMessagePayload < 0: " + maxMessagePayload);
        }
        this.expectMasked = serverSide;
        this.allowedRsv = allowedRsv;
        this.maxMessagePayload = maxMessagePayload;
    }

    /**
     * Reads frames from {@code in}'s position on, reporting them to {@code receiver}, until the input is
     * used up or the receiver returns {@code false} from {@link Receiver#frameEnd}. The input's position is
     * left after the bytes consumed; bytes of a partial header are kept in the parser, so the unread tail is
     * empty unless the receiver stopped early.
     *
     * @throws WebSocketProtocolException when the peer broke the protocol; the close code says how
     */
    public void parse(ByteBuffer in, Receiver receiver) {
        while (true) {
            switch (state) {
                case FIRST_BYTE:
                    if (!in.hasRemaining()) {
                        return;
                    }
                    readFirstByte(in.get());
                    state = SECOND_BYTE;
                    break;
                case SECOND_BYTE:
                    if (!in.hasRemaining()) {
                        return;
                    }
                    readSecondByte(in.get(), receiver, in);
                    break;
                case LENGTH_16:
                case LENGTH_64:
                    if (!readLength(in, receiver)) {
                        return;
                    }
                    break;
                case MASK_KEY:
                    if (!readMaskKey(in)) {
                        return;
                    }
                    startPayload(receiver, in);
                    break;
                case PAYLOAD:
                    if (!readPayload(in, receiver)) {
                        return;
                    }
                    state = FIRST_BYTE;
                    destination = null;
                    if (!receiver.frameEnd()) {
                        return;
                    }
                    break;
                default:
                    throw new IllegalStateException("the parser failed before and cannot be used again");
            }
        }
    }

    /** Whether part of a frame has been read and the rest has not: EOF now would cut a frame. */
    public boolean inFrame() {
        return state != FIRST_BYTE;
    }

    /** Whether a fragmented data message has begun and its final frame has not been read yet. */
    public boolean inMessage() {
        return inMessage;
    }

    private void readFirstByte(byte b) {
        fin = (b & Frames.FIN) != 0;
        rsv = b & Frames.RSV_MASK;
        opcode = b & 0x0F;
        if (!Frames.isDefined(opcode)) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if ((rsv & ~allowedRsv) != 0) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "RSV bits 0x" + Integer.toHexString(rsv)
                    + " set but no extension negotiated them");
        }
        boolean control = Frames.isControl(opcode);
        if (control && !fin) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "fragmented control frame");
        }
        // RFC 7692 section 6: "Per-Message Compressed" (RSV1) only on the first frame of a data message.
        if (rsv != 0 && (control || opcode == Frames.CONTINUATION)) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "RSV bits set on a control or continuation frame");
        }
        if (opcode == Frames.CONTINUATION && !inMessage) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
        }
        if ((opcode == Frames.TEXT || opcode == Frames.BINARY) && inMessage) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "new data frame before the fragmented message ended");
        }
    }

    private void readSecondByte(byte b, Receiver receiver, ByteBuffer in) {
        masked = (b & Frames.MASK) != 0;
        if (masked != expectMasked) {
            throw fail(CloseCodes.PROTOCOL_ERROR, expectMasked
                    ? "unmasked frame from a client" : "masked frame from a server");
        }
        int length7 = b & 0x7F;
        payloadLength = 0;
        fieldBytes = 0;
        if (length7 == 126) {
            state = LENGTH_16;
        } else if (length7 == 127) {
            state = LENGTH_64;
        } else {
            payloadLength = length7;
            lengthKnown(receiver, in);
        }
    }

    /** Reads the extended length; returns {@code false} when the input ran out first. */
    private boolean readLength(ByteBuffer in, Receiver receiver) {
        int size = state == LENGTH_16 ? 2 : 8;
        if (fieldBytes == 0 && in.remaining() >= size) {
            // The whole field is here (the usual case): one read instead of a byte at a time.
            int at = in.position();
            payloadLength = size == 2 ? bigEndianShort(in, at) : bigEndianLong(in, at);
            in.position(at + size);
            fieldBytes = size;
        }
        while (fieldBytes < size) {
            if (!in.hasRemaining()) {
                return false;
            }
            payloadLength = (payloadLength << 8) | (in.get() & 0xFF);
            fieldBytes++;
        }
        if (payloadLength < 0) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "64-bit payload length with its most significant bit set");
        }
        lengthKnown(receiver, in);
        return true;
    }

    private void lengthKnown(Receiver receiver, ByteBuffer in) {
        if (Frames.isControl(opcode)) {
            if (payloadLength > Frames.MAX_CONTROL_PAYLOAD) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "control frame of " + payloadLength + " bytes");
            }
        } else {
            long before = opcode == Frames.CONTINUATION ? messagePayload : 0;
            if (payloadLength > maxMessagePayload - before) {
                throw fail(CloseCodes.MESSAGE_TOO_BIG, "message of more than " + maxMessagePayload + " bytes");
            }
            messagePayload = before + payloadLength;
            inMessage = !fin;
        }
        if (masked) {
            fieldBytes = 0;
            maskKey = 0;
            state = MASK_KEY;
        } else {
            startPayload(receiver, in);
        }
    }

    /** Reads the masking key; returns {@code false} when the input ran out first. */
    private boolean readMaskKey(ByteBuffer in) {
        if (fieldBytes == 0 && in.remaining() >= 4) {
            int at = in.position();
            int key = in.getInt(at);
            maskKey = in.order() == ByteOrder.BIG_ENDIAN ? key : Integer.reverseBytes(key);
            in.position(at + 4);
            return true;
        }
        while (fieldBytes < 4) {
            if (!in.hasRemaining()) {
                return false;
            }
            maskKey = (maskKey << 8) | (in.get() & 0xFF);
            fieldBytes++;
        }
        return true;
    }

    private void startPayload(Receiver receiver, ByteBuffer in) {
        payloadRead = 0;
        state = PAYLOAD;
        destination = receiver.frameHeader(fin, rsv, opcode, masked, payloadLength);
        if (destination != null && destination.remaining() < payloadLength) {
            throw new IllegalStateException("destination has " + destination.remaining()
                    + " bytes of room for a payload of " + payloadLength);
        }
    }

    /** Passes on the payload bytes at hand; returns {@code true} when the whole payload has been passed. */
    private boolean readPayload(ByteBuffer in, Receiver receiver) {
        int n = (int) Math.min(payloadLength - payloadRead, in.remaining());
        if (n > 0) {
            int phase = (int) payloadRead & 3;
            int start = in.position();
            int end = start + n;
            if (destination == null) {
                if (masked) {
                    Masking.maskInPlace(in, start, end, maskKey, phase);
                }
                int limit = in.limit();
                in.limit(end);
                receiver.payload(in);
                in.limit(limit).position(end);
            } else {
                ByteBuffer dst = destination;
                int at = dst.position();
                if (masked) {
                    Masking.copyMasked(in, start, dst, at, n, maskKey, phase);
                } else {
                    dst.put(at, in, start, n);
                }
                in.position(end);
                int limit = dst.limit();
                dst.limit(at + n);
                receiver.payload(dst);
                dst.limit(limit).position(at + n);
            }
            payloadRead += n;
        }
        return payloadRead == payloadLength;
    }

    private static long bigEndianShort(ByteBuffer in, int at) {
        short v = in.getShort(at);
        return (in.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFFL;
    }

    private static long bigEndianLong(ByteBuffer in, int at) {
        long v = in.getLong(at);
        return in.order() == ByteOrder.BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    private WebSocketProtocolException fail(int closeCode, String message) {
        state = FAILED;
        return new WebSocketProtocolException(closeCode, message);
    }
}
