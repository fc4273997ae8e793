package io.getty.examples;

import io.getty.core.Client;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import io.getty.core.Session;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A way to carry messages, with what the examples need of it: an echo server and a client connection
 * whose listener sees whole messages as {@link ByteBuffer}s. Each transport is one class; adding one
 * means adding it to {@link #all()}; {@code --transport} finds it there by {@link #name()}.
 */
interface Transport {

    /** Every transport built so far, in the order the demo runs them. */
    static List<Transport> all() {
        return List.of(new TcpTransport(), new UdpTransport(), new WsTransport(false), new WsTransport(true));
    }

    /** This transport with the settings of {@code options} that apply to it (a WebSocket path, compression). */
    default Transport configure(TransportOptions options) {
        return this;
    }

    /** What {@code --transport} calls it, and the scheme of its URLs. */
    String name();

    /** Its name and features, as the demo and the summaries say it: {@code tcp}, {@code tcp+tls+deflate}. */
    default String label() {
        return name();
    }

    /**
     * This transport with the {@code features} asked for on the command line.
     *
     * @throws IllegalArgumentException naming the flags this transport has nothing for
     */
    default Transport with(Features features) {
        if (!features.flags().isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", features.flags()) + ": not with --transport "
                    + name() + " (tcp only)");
        }
        return this;
    }

    /** Whether it runs over TLS, with the example certificate ({@link ExampleTls}): tcp with {@code --tls}, wss. */
    default boolean tls() {
        return false;
    }

    /** Whether its clients connect again after a lost connection ({@code --reconnect}). */
    default boolean reconnects() {
        return false;
    }

    /** What the demo runs besides this transport as it is: the same with TLS, with compression. */
    default List<Transport> demoVariants() {
        return List.of();
    }

    /** Whether messages may be lost on the way (UDP): the client then counts losses instead of failing. */
    default boolean lossy() {
        return false;
    }

    /**
     * The settings this transport runs {@code settings} with: as they are, or with fewer messages in flight
     * (UDP: no more than the server's socket buffer holds, since loopback drops datagrams only there).
     */
    default EchoLoad.Settings fit(EchoLoad.Settings settings) {
        return settings;
    }

    /** Why this transport cannot run {@code settings} (UDP: a message must fit a datagram), or empty. */
    default Optional<String> cannotRun(EchoLoad.Settings settings) {
        return Optional.empty();
    }

    /** Starts an echo server on {@code address}, running its sessions on {@code group}. */
    Server startEchoServer(InetSocketAddress address, EventLoopGroup group);

    /** Starts connecting to {@code server}; {@code listener} gets the connection's events. */
    Connection connect(InetSocketAddress server, EventLoopGroup group, EventListener<ByteBuffer> listener);

    /** A client and its session, once it is open. */
    record Connection(Client client, CompletableFuture<Session> opened) {
    }

    /** How to reach {@code address} over this transport, e.g. {@code tcp://127.0.0.1:9000}. */
    default String url(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getAddress() instanceof Inet6Address
                ? "[" + inet.getAddress().getHostAddress() + "]"
                : inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        return name() + "://" + host + ":" + inet.getPort();
    }
}
