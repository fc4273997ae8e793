package io.getty.udp;

import io.getty.core.EndPointBuilder;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.udp.internal.UdpSessionStarter;
import io.getty.core.internal.session.SessionRegistry;
import java.net.NetworkInterface;
import java.util.Objects;

/**
 * What the UDP endpoint and client builders share besides what every end point has ({@link EndPointBuilder}):
 * the socket options (see {@link DatagramOptions}).
 *
 * <p>The write buffer limit and the water marks count the bytes of the datagrams that wait for the socket.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class UdpEndPointBuilder<B extends UdpEndPointBuilder<B>> extends EndPointBuilder<B> {
    DatagramOptions datagramOptions = DatagramOptions.DEFAULT;

    UdpEndPointBuilder(int defaultThreads) {
        super(defaultThreads);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Replaces all the socket options set so far. */
    public B datagramOptions(DatagramOptions options) {
        this.datagramOptions = Objects.requireNonNull(options, "options");
        return self();
    }

    /** SO_RCVBUF in bytes; 0 (the default) for the system's. */
    public B receiveBufferSize(int bytes) {
        datagramOptions = datagramOptions.withReceiveBufferSize(bytes);
        return self();
    }

    /** SO_SNDBUF in bytes; 0 (the default) for the system's. */
    public B sendBufferSize(int bytes) {
        datagramOptions = datagramOptions.withSendBufferSize(bytes);
        return self();
    }

    /** The longest datagram sent or received (see {@link DatagramOptions#maxDatagramSize()}). */
    public B maxDatagramSize(int bytes) {
        datagramOptions = datagramOptions.withMaxDatagramSize(bytes);
        return self();
    }

    /** SO_BROADCAST: whether datagrams may go to broadcast addresses; default off. */
    public B broadcast(boolean on) {
        datagramOptions = datagramOptions.withBroadcast(on);
        return self();
    }

    /** SO_REUSEADDR before the bind, so that several sockets may bind one port; default off. */
    public B reuseAddress(boolean on) {
        datagramOptions = datagramOptions.withReuseAddress(on);
        return self();
    }

    /** Whether multicast datagrams sent are delivered to this host's members too ({@code true}: loopback on). */
    public B multicastLoopback(boolean on) {
        datagramOptions = datagramOptions.withMulticastLoopback(on);
        return self();
    }

    /** The interface multicast datagrams leave by; {@code null} (the default) lets the routing table pick. */
    public B multicastInterface(NetworkInterface networkInterface) {
        datagramOptions = datagramOptions.withMulticastInterface(networkInterface);
        return self();
    }

    /** Whether the end point makes its own group (and so closes it). */
    boolean ownsGroup() {
        return sharedLoopGroup() == null;
    }

    /** The group the end point runs on, as the machinery knows it. */
    LoopGroup group() {
        return LoopGroup.of(loopGroupToUse());
    }

    /** What sets each new session up, for an end point whose sessions are listed in {@code sessions}. */
    UdpSessionStarter starter(SessionRegistry sessions) {
        return new UdpSessionStarter(sessions, builtSessionOptions(), initializer(),
                datagramOptions.maxDatagramSize());
    }
}
