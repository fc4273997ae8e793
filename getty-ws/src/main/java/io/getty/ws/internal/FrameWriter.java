package io.getty.ws.internal;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes RFC 6455 frames (section 5.2) into {@link ByteBuffer}s, with the shortest length encoding, and
 * masks the payload when this end is a client, with a fresh unpredictable key per frame (section 5.3; see
 * {@link MaskKeys} for where keys come from).
 *
 * <p>Two ways to frame a payload: {@link #writeFrame}, when the payload is at hand (a pong's, a close
 * frame's), writes header and payload at once, the payload masked on the way; {@link #writeHeader} writes the
 * header only, and returns the key the caller masks the payload it writes next with.
 *
 * <p>Header arguments are checked (a defined opcode, RSV bits only, control frames final and at most 125 bytes),
 * since breaking them would be a bug here, not the peer's. Nothing is allocated per frame.
 *
 * <p>Holds no state but its side, so one instance can serve every connection of that side; calls may come
 * from any thread (each thread draws keys from its own stream).
 */
public final class FrameWriter {

    private final boolean masking;

    /** @param clientSide {@code true} for a client, whose frames are masked; {@code false} for a server */
    public FrameWriter(boolean clientSide) {
        this.masking = clientSide;
    }

    /**
     * Writes a whole frame at {@code dst}'s position: the header, then the bytes between {@code payload}'s
     * position and limit, masked for a client. {@code payload}'s position is left alone, so one buffer can be
     * framed for many connections; {@code dst}'s position ends after the frame.
     *
     * @throws BufferOverflowException when {@code dst} has less room than the frame, before
     *     anything is written
     */
    public void writeFrame(ByteBuffer dst, boolean fin, int rsv, int opcode, ByteBuffer payload) {
        int length = payload.remaining();
        int at = dst.position();
        int headerLength = Frames.headerLength(length, masking);
        if (dst.remaining() < headerLength + length) {
            throw new BufferOverflowException();
        }
        int key = masking ? MaskKeys.nextKey() : 0;
        putHeader(dst, at, fin, rsv, opcode, length, masking, key);
        int payloadAt = at + headerLength;
        if (masking) {
            Masking.copyMasked(payload, payload.position(), dst, payloadAt, length, key, 0);
        } else {
            dst.put(payloadAt, payload, payload.position(), length);
        }
        dst.position(payloadAt + length);
    }

    /**
     * Writes only a header at {@code dst}'s position, advancing it; the caller writes the payload next.
     *
     * @return the masking key the caller must apply to the payload it writes
     *     ({@link Masking#maskInPlace} with phase 0), or 0 for a server, for which masking is a no-op
     */
    public int writeHeader(ByteBuffer dst, boolean fin, int rsv, int opcode, long payloadLength) {
        int headerLength = Frames.headerLength(payloadLength, masking);
        if (dst.remaining() < headerLength) {
            throw new BufferOverflowException();
        }
        int key = masking ? MaskKeys.nextKey() : 0;
        putHeader(dst, dst.position(), fin, rsv, opcode, payloadLength, masking, key);
        dst.position(dst.position() + headerLength);
        return key;
    }

    /** Puts a header at {@code index} (absolute; no position moves) and returns its length. */
    static int putHeader(ByteBuffer dst, int index, boolean fin, int rsv, int opcode, long payloadLength,
                         boolean masked, int key) {
        checkHeader(fin, rsv, opcode, payloadLength);
        dst.put(index, (byte) ((fin ? Frames.FIN : 0) | rsv | opcode));
        int maskBit = masked ? Frames.MASK : 0;
        int i = index + 2;
        if (payloadLength <= 125) {
            dst.put(index + 1, (byte) (maskBit | (int) payloadLength));
        } else if (payloadLength <= 0xFFFF) {
            dst.put(index + 1, (byte) (maskBit | 126));
            dst.put(i, (byte) (payloadLength >>> 8));
            dst.put(i + 1, (byte) payloadLength);
            i += 2;
        } else {
            dst.put(index + 1, (byte) (maskBit | 127));
            for (int shift = 56; shift >= 0; shift -= 8) {
                dst.put(i++, (byte) (payloadLength >>> shift));
            }
        }
        if (masked) {
            dst.put(i, (byte) (key >>> 24));
            dst.put(i + 1, (byte) (key >>> 16));
            dst.put(i + 2, (byte) (key >>> 8));
            dst.put(i + 3, (byte) key);
            i += 4;
        }
        return i - index;
    }

    private static void checkHeader(boolean fin, int rsv, int opcode, long payloadLength) {
        if (!Frames.isDefined(opcode)) {
            throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(opcode) + " is reserved");
        }
        if ((rsv & ~Frames.RSV_MASK) != 0) {
            throw new IllegalArgumentException("rsv holds bits other than RSV1-3: 0x" + Integer.toHexString(rsv));
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        if (Frames.isControl(opcode) && (!fin || payloadLength > Frames.MAX_CONTROL_PAYLOAD)) {
            throw new IllegalArgumentException("control frames are final and carry at most "
                    + Frames.MAX_CONTROL_PAYLOAD + " bytes");
        }
    }
}
