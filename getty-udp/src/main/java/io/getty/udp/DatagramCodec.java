package io.getty.udp;

import io.getty.core.ByteOutput;
import io.getty.core.PkgHandler;
import io.getty.core.Session;
import java.nio.ByteBuffer;

/**
 * The codec of a datagram that is its own packet: each datagram arrives as one {@link ByteBuffer} of all its
 * bytes, and each {@code ByteBuffer} written leaves as one datagram. Stateless, so one instance serves every
 * session.
 *
 * <p>Inbound packets are {@link Session#view views} of the received datagram: zero copy, valid as long as the
 * session's view rule says (until {@code onMessage} returns, on the event loop). A written buffer's position is
 * left alone, so one buffer can be sent to many peers.
 */
public final class DatagramCodec implements PkgHandler<ByteBuffer, ByteBuffer> {

    @Override
    public ByteBuffer read(Session session, ByteBuffer in) {
        int start = in.position();
        int length = in.remaining();
        in.position(in.limit());
        return session.view(in, start, length);
    }

    @Override
    public void write(Session session, ByteBuffer pkg, ByteOutput out) {
        out.writeBytes(pkg);
    }
}
