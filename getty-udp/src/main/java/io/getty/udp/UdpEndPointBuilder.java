package io.getty.udp;

import io.getty.core.EventLoopGroup;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.WaterMarks;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.udp.internal.UdpSessionStarter;
import io.getty.udp.internal.UdpSessions;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the UDP endpoint and client builders share: the loops, the session initializer, the session options
 * (see {@link SessionOptions} for their defaults) and the socket options (see {@link DatagramOptions}).
 *
 * <p>The write buffer limit and the water marks count the bytes of the datagrams that wait for the socket.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class UdpEndPointBuilder<B extends UdpEndPointBuilder<B>> {
    EventLoopGroup loopGroup;
    int threads;
    SessionInitializer initializer;
    final SessionOptions.Builder sessionOptions = SessionOptions.builder();
    DatagramOptions datagramOptions = DatagramOptions.DEFAULT;

    UdpEndPointBuilder(int defaultThreads) {
        this.threads = defaultThreads;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Runs the sessions on a shared group, which the end point does not close. Without one, the end point
     * creates a group of {@link #threads(int)} loops and closes it when it closes.
     */
    public B loopGroup(EventLoopGroup group) {
        this.loopGroup = Objects.requireNonNull(group, "group");
        return self();
    }

    /** The loops of the group the end point creates when none is given (see each builder for the default). */
    public B threads(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + loops);
        }
        this.threads = loops;
        return self();
    }

    /** Sets up each new session (codec, listener, per-session options); required. */
    public B onNewSession(SessionInitializer sessionInitializer) {
        this.initializer = Objects.requireNonNull(sessionInitializer, "sessionInitializer");
        return self();
    }

    /** Replaces all the session options set so far. */
    public B sessionOptions(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        sessionOptions.cronPeriod(options.cronPeriod()).maxMessageLength(options.maxMessageLength())
                .readTimeout(options.readTimeout()).writeTimeout(options.writeTimeout())
                .waterMarks(options.waterMarks()).writeBufferLimit(options.writeBufferLimit())
                .executor(options.executor()).maxQueuedMessages(options.maxQueuedMessages());
        return self();
    }

    /** How often {@code onCron} runs; zero turns it off (see {@link SessionOptions#cronPeriod()}). */
    public B cronPeriod(Duration period) {
        sessionOptions.cronPeriod(period);
        return self();
    }

    /** The longest datagram the reader is given; a longer one is reported to {@code onError} alone. */
    public B maxMessageLength(int bytes) {
        sessionOptions.maxMessageLength(bytes);
        return self();
    }

    /** Closes a session that receives no datagram for this long; zero (the default) turns it off. */
    public B readTimeout(Duration timeout) {
        sessionOptions.readTimeout(timeout);
        return self();
    }

    /** Closes a session whose datagrams wait this long for a socket that takes none; zero turns it off. */
    public B writeTimeout(Duration timeout) {
        sessionOptions.writeTimeout(timeout);
        return self();
    }

    /** The pending-output levels of {@code isWritable()}, in bytes of datagrams not yet sent. */
    public B waterMarks(WaterMarks marks) {
        sessionOptions.waterMarks(marks);
        return self();
    }

    /** The bytes of datagrams not yet sent past which a write fails at once. */
    public B writeBufferLimit(int bytes) {
        sessionOptions.writeBufferLimit(bytes);
        return self();
    }

    /** Runs callbacks on {@code executor} (per session in order, never two at once) instead of the loop. */
    public B executor(Executor executor) {
        sessionOptions.executor(executor);
        return self();
    }

    /** With an executor: datagrams it may fall behind by before a session stops reading. */
    public B maxQueuedMessages(int messages) {
        sessionOptions.maxQueuedMessages(messages);
        return self();
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

    /** The group given, or a new one of {@link #threads(int)} loops that the end point owns. */
    LoopGroup loopGroupToUse() {
        return loopGroup == null ? (LoopGroup) EventLoopGroup.builder().threads(threads).build()
                : LoopGroup.of(loopGroup);
    }

    /** What sets each new session up, for an end point whose sessions are listed in {@code sessions}. */
    UdpSessionStarter starter(UdpSessions sessions) {
        return new UdpSessionStarter(sessions, sessionOptions.build(), initializer,
                datagramOptions.maxDatagramSize());
    }

    void checkComplete() {
        if (initializer == null) {
            throw new IllegalStateException("onNewSession(...) is required: it sets each session's codec and listener");
        }
    }
}
