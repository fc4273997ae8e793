package io.getty.udp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@link Datagram} that is a value: a packet and its peer, kept as long as it is referenced. Made by
 * {@link Datagram#of}, or by a {@link UdpEndpoint} for each datagram when its callbacks run on a worker
 * executor.
 *
 * @param content the packet
 * @param peer    the sender or destination; must be a resolved address
 * @param <T>     the packet type
 */
public record UdpPacket<T>(T content, InetSocketAddress peer) implements Datagram<T> {

    public UdpPacket {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(peer, "peer");
    }
}
