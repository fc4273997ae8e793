package io.getty.udp.internal;

import io.getty.udp.DatagramOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the datagram sockets of endpoints and clients, configured from {@link DatagramOptions}. The protocol
 * family follows the address: IPv4 for an IPv4 address (0.0.0.0 included), IPv6 for an IPv6 one (:: makes a
 * dual-stack socket that reaches IPv4 peers too); a multicast group must be of the socket's family.
 */
public final class DatagramChannels {
    private static final Logger log = LoggerFactory.getLogger(DatagramChannels.class);

    private DatagramChannels() {
    }

    /** A non-blocking socket bound to {@code local}. */
    public static DatagramChannel bound(InetSocketAddress local, DatagramOptions options) throws IOException {
        return open(family(local), local, null, options);
    }

    /** A non-blocking socket on an ephemeral port, connected to {@code server}. */
    public static DatagramChannel connected(InetSocketAddress server, DatagramOptions options) throws IOException {
        return open(family(server), null, server, options);
    }

    private static DatagramChannel open(ProtocolFamily family, InetSocketAddress local, InetSocketAddress server,
                                        DatagramOptions options) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            if (options.reuseAddress()) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (options.receiveBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
            }
            if (options.sendBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
            }
            if (options.broadcast()) {
                channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (!options.multicastLoopback()) { // on is the system's default
                // false turns loopback OFF (unlike the old MulticastSocket.setLoopbackMode, whose true did).
                channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            }
            if (options.multicastInterface() != null) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, options.multicastInterface());
            }
            channel.bind(local);
            if (server != null) {
                channel.connect(server);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        InetAddress ip = address.getAddress();
        return ip instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Closes {@code channel}, logging a failure at debug level. */
    public static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }
}
