package io.getty.udp.internal;

import io.getty.core.internal.buffer.ReusedPacket;
import io.getty.core.internal.loop.EventLoop;
import io.getty.udp.Datagram;
import io.getty.udp.UdpPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The datagram object an event loop hands {@code onMessage} for every datagram an endpoint receives, re-pointed
 * each time, so that the echo path allocates nothing: valid until {@code onMessage} returns, as a zero-copy view
 * is. Getty copies it ({@link #ownedCopy()}) when it is written to a session of another loop.
 */
final class ReceivedDatagram implements Datagram<Object>, ReusedPacket {
    private Object content;
    private InetSocketAddress peer;

    Datagram<Object> set(Object packet, InetSocketAddress sender) {
        this.content = packet;
        this.peer = sender;
        return this;
    }

    @Override
    public Object content() {
        return content;
    }

    @Override
    public InetSocketAddress peer() {
        return peer;
    }

    @Override
    public Object ownedCopy() {
        Object owned = content;
        EventLoop loop = EventLoop.current();
        if (owned instanceof ByteBuffer view && loop != null && loop.isReusableView(view)) {
            owned = ByteBuffer.allocate(view.remaining()).put(view.duplicate()).flip();
        }
        return new UdpPacket<>(owned, peer);
    }

    @Override
    public String toString() {
        return "Datagram[content=" + content + ", peer=" + peer + "]";
    }
}
