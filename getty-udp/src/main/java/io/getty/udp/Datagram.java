package io.getty.udp;

import java.net.InetSocketAddress;

/**
 * A packet with the address of its peer: what a {@link UdpEndpoint}'s listener receives for each datagram
 * (the packet its {@code PkgReader} made of the datagram, and the sender), and what an endpoint's sessions
 * write (the packet for the {@code PkgWriter}, and where the datagram goes). Writing a received datagram back
 * to the endpoint echoes it to its sender.
 *
 * <p>Lifetime: with callbacks on the event loop (no worker executor), the endpoint hands {@code onMessage} one
 * datagram object per loop, re-pointed for every datagram: like a zero-copy view, it is valid until
 * {@code onMessage} returns. Keep {@link #content()} and {@link #peer()}, or make a {@link UdpPacket}, to hold
 * on to them (and copy a content that is a view, see {@code Session.view}). A write of it to a session of
 * another loop is copied by getty before the call returns. With a worker executor, every datagram is a fresh
 * {@link UdpPacket} that owns its bytes.
 *
 * @param <T> the packet type
 */
public interface Datagram<T> {

    /** The packet: what the reader made of the datagram, or what the writer encodes into it. */
    T content();

    /** The sender of an inbound datagram, or the destination of an outbound one. */
    InetSocketAddress peer();

    /** A datagram to send {@code content} to {@code peer}. */
    static <T> Datagram<T> of(T content, InetSocketAddress peer) {
        return new UdpPacket<>(content, peer);
    }
}
