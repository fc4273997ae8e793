package io.getty.core.codec;

import io.getty.core.ByteOutput;
import io.getty.core.FrameTooLongException;
import io.getty.core.PkgHandler;
import io.getty.core.Session;
import java.nio.ByteBuffer;

/**
 * Frames of a 4-byte big-endian payload length, then the payload.
 *
 * <pre>
 *   bytes:   | 00 00 00 03 | 'a' 'b' 'c' | 00 00 00 01 | 'z' |
 *   packets: [ "abc" ]                    [ "z" ]
 * </pre>
 *
 * <p>Inbound packets are {@link Session#view views} of the received bytes: zero copy, and valid as long
 * as the session's view rule says (until {@code onMessage} returns, on the event loop). A length above the
 * session's max message length (or with the top bit set) is a {@link FrameTooLongException} as soon as the
 * four length bytes are in, before any payload is buffered. Outbound packets are {@link ByteBuffer}s whose
 * bytes between position and limit are the payload; writing leaves their position alone.
 *
 * <p>Stateless: one instance serves every session.
 */
public final class LengthFieldCodec implements PkgHandler<ByteBuffer, ByteBuffer> {

    /** The length field's size in bytes. */
    public static final int HEADER_LENGTH = 4;

    /** A codec; it holds no state, so one instance can serve every session. */
    public LengthFieldCodec() {
    }

    @Override
    public ByteBuffer read(Session session, ByteBuffer in) {
        if (in.remaining() < HEADER_LENGTH) {
            return null;
        }
        int start = in.position();
        int length = in.getInt(start);
        if (length < 0 || length > session.maxMessageLength()) {
            throw new FrameTooLongException(Integer.toUnsignedLong(length), session.maxMessageLength());
        }
        if (in.remaining() - HEADER_LENGTH < length) {
            return null;
        }
        ByteBuffer payload = session.view(in, start + HEADER_LENGTH, length);
        in.position(start + HEADER_LENGTH + length);
        return payload;
    }

    @Override
    public int packetLength(Session session, ByteBuffer in) {
        if (in.remaining() < HEADER_LENGTH) {
            return -1;
        }
        int length = in.getInt(in.position());
        return length < 0 || length > session.maxMessageLength() ? -1 : HEADER_LENGTH + length;
    }

    @Override
    public void write(Session session, ByteBuffer payload, ByteOutput out) {
        out.writeInt(payload.remaining()).writeBytes(payload);
    }
}
