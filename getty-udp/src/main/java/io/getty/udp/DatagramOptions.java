package io.getty.udp;

import java.net.NetworkInterface;

/**
 * The socket options of a UDP endpoint or client. Immutable.
 *
 * @param receiveBufferSize  SO_RCVBUF in bytes, 0 (the default) for the system's. Datagrams that arrive while it
 *                           is full are dropped by the kernel: raise it for bursts.
 * @param sendBufferSize     SO_SNDBUF in bytes, 0 (the default) for the system's
 * @param maxDatagramSize    the longest datagram sent or received, in bytes, 1 to 65,527; default 65,507, the
 *                           most an IPv4 datagram holds. A longer inbound datagram is reported to
 *                           {@code onError} as a {@link io.getty.core.FrameTooLongException}; a longer
 *                           outbound one fails its write. The session's max message length applies too.
 * @param broadcast          SO_BROADCAST: may send to broadcast addresses. Default off.
 * @param reuseAddress       SO_REUSEADDR, set before the bind: several sockets may bind the same port (to
 *                           receive one multicast group in several processes). Default off.
 * @param multicastLoopback  IP_MULTICAST_LOOP: multicast datagrams this socket sends are delivered to
 *                           sockets of this host that joined the group, this one included. Default on, as
 *                           the system's.
 * @param multicastInterface IP_MULTICAST_IF: the interface multicast datagrams leave by; {@code null} (the
 *                           default) for the one the routing table picks
 */
public record DatagramOptions(int receiveBufferSize, int sendBufferSize, int maxDatagramSize, boolean broadcast,
                              boolean reuseAddress, boolean multicastLoopback, NetworkInterface multicastInterface) {

    /** The largest UDP payload over IPv4: 65,535 minus the IPv4 and UDP headers. */
    public static final int MAX_IPV4_DATAGRAM = 65_507;
    /** The largest UDP payload over IPv6 without jumbograms: 65,535 minus the UDP header. */
    public static final int MAX_IPV6_DATAGRAM = 65_527;

    /** System buffer sizes, 65,507-byte datagrams, no broadcast, no address reuse, multicast loopback on. */
    public static final DatagramOptions DEFAULT =
            new DatagramOptions(0, 0, MAX_IPV4_DATAGRAM, false, false, true, null);

    public DatagramOptions {
        if (receiveBufferSize < 0 || sendBufferSize < 0) {
            throw new IllegalArgumentException("buffer sizes must be >= 0 (0 = system default): "
                    + receiveBufferSize + ", " + sendBufferSize);
        }
        if (maxDatagramSize < 1 || maxDatagramSize > MAX_IPV6_DATAGRAM) {
            throw new IllegalArgumentException("max datagram size must be in [1, " + MAX_IPV6_DATAGRAM + "]: "
                    + maxDatagramSize);
        }
    }

    /** These options with SO_RCVBUF {@code bytes} (0: the system's). */
    public DatagramOptions withReceiveBufferSize(int bytes) {
        return new DatagramOptions(bytes, sendBufferSize, maxDatagramSize, broadcast, reuseAddress,
                multicastLoopback, multicastInterface);
    }

    /** These options with SO_SNDBUF {@code bytes} (0: the system's). */
    public DatagramOptions withSendBufferSize(int bytes) {
        return new DatagramOptions(receiveBufferSize, bytes, maxDatagramSize, broadcast, reuseAddress,
                multicastLoopback, multicastInterface);
    }

    /** These options with the longest datagram {@code bytes}. */
    public DatagramOptions withMaxDatagramSize(int bytes) {
        return new DatagramOptions(receiveBufferSize, sendBufferSize, bytes, broadcast, reuseAddress,
                multicastLoopback, multicastInterface);
    }

    /** These options with SO_BROADCAST {@code on}. */
    public DatagramOptions withBroadcast(boolean on) {
        return new DatagramOptions(receiveBufferSize, sendBufferSize, maxDatagramSize, on, reuseAddress,
                multicastLoopback, multicastInterface);
    }

    /** These options with SO_REUSEADDR {@code on}. */
    public DatagramOptions withReuseAddress(boolean on) {
        return new DatagramOptions(receiveBufferSize, sendBufferSize, maxDatagramSize, broadcast, on,
                multicastLoopback, multicastInterface);
    }

    /** These options with multicast loopback {@code on} ({@code true}: delivered to this host too). */
    public DatagramOptions withMulticastLoopback(boolean on) {
        return new DatagramOptions(receiveBufferSize, sendBufferSize, maxDatagramSize, broadcast, reuseAddress,
                on, multicastInterface);
    }

    /** {@code null} lets the routing table pick. */
    public DatagramOptions withMulticastInterface(NetworkInterface networkInterface) {
        return new DatagramOptions(receiveBufferSize, sendBufferSize, maxDatagramSize, broadcast, reuseAddress,
                multicastLoopback, networkInterface);
    }
}
