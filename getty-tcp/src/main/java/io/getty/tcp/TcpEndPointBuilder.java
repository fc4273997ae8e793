package io.getty.tcp;

import io.getty.core.EventLoopGroup;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.WaterMarks;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.tcp.internal.LayerFactory;
import io.getty.tcp.internal.SessionRegistry;
import io.getty.tcp.internal.TcpSessionStarter;
import io.getty.tcp.internal.tls.TlsLayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the TCP server and client builders share: the loops, the session initializer, the session options
 * (see {@link SessionOptions} for their defaults) and the socket options (see {@link SocketOptions}).
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class TcpEndPointBuilder<B extends TcpEndPointBuilder<B>> {
    EventLoopGroup loopGroup;
    int threads = Runtime.getRuntime().availableProcessors();
    SessionInitializer initializer;
    final SessionOptions.Builder sessionOptions = SessionOptions.builder();
    SocketOptions socketOptions = SocketOptions.DEFAULT;
    /** The layers of every session, top first (TLS, compression); none by default. */
    final List<LayerFactory> layers = new ArrayList<>();
    Duration handshakeTimeout = Duration.ofSeconds(10);
    /** TLS under every session (below all other layers), or null. */
    TlsConfig tls;
    Compression compression = Compression.none();

    TcpEndPointBuilder() {
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

    /** The loops of the group the end point creates when none is given; default: available processors. */
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
                .executor(options.executor()).maxQueuedMessages(options.maxQueuedMessages())
                .closeTimeout(options.closeTimeout());
        return self();
    }

    /** See {@link SessionOptions#closeTimeout()}. */
    public B closeTimeout(Duration timeout) {
        sessionOptions.closeTimeout(timeout);
        return self();
    }

    public B cronPeriod(Duration period) {
        sessionOptions.cronPeriod(period);
        return self();
    }

    public B maxMessageLength(int bytes) {
        sessionOptions.maxMessageLength(bytes);
        return self();
    }

    public B readTimeout(Duration timeout) {
        sessionOptions.readTimeout(timeout);
        return self();
    }

    public B writeTimeout(Duration timeout) {
        sessionOptions.writeTimeout(timeout);
        return self();
    }

    public B waterMarks(WaterMarks marks) {
        sessionOptions.waterMarks(marks);
        return self();
    }

    public B writeBufferLimit(int bytes) {
        sessionOptions.writeBufferLimit(bytes);
        return self();
    }

    /** Runs callbacks on {@code executor} (per session in order, never two at once) instead of the loop. */
    public B executor(Executor executor) {
        sessionOptions.executor(executor);
        return self();
    }

    /** With an executor: packets it may fall behind by before a session stops reading. */
    public B maxQueuedMessages(int messages) {
        sessionOptions.maxQueuedMessages(messages);
        return self();
    }

    public B socketOptions(SocketOptions options) {
        this.socketOptions = Objects.requireNonNull(options, "options");
        return self();
    }

    public B tcpNoDelay(boolean on) {
        socketOptions = socketOptions.withTcpNoDelay(on);
        return self();
    }

    public B keepAlive(boolean on) {
        socketOptions = socketOptions.withKeepAlive(on);
        return self();
    }

    /**
     * Speaks TLS on every session, with this configuration: a server needs one from
     * {@link TlsConfig#forServer()}, a client one from {@link TlsConfig#forClient()}. The TLS layer sits under
     * any other layer (compression is encrypted, not the other way round); a session opens ({@code onOpen})
     * once its handshake is done, within {@link TlsConfig#handshakeTimeout()}, and {@link TlsInfo#of} tells
     * what it negotiated. A handshake that fails or times out closes the session before it opens: its
     * listener hears nothing, and a client's connect future fails with a
     * {@link io.getty.core.HandshakeException} (a {@link io.getty.core.HandshakeTimeoutException} for the
     * timeout). Stats and write futures count the session's plaintext.
     *
     * @throws IllegalArgumentException if the configuration is for the other side of the connection
     */
    public B tls(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        boolean clientSide = this instanceof TcpClient.Builder;
        if (config.isClient() != clientSide) {
            throw new IllegalArgumentException(clientSide
                    ? "a TCP client needs a client TLS configuration (TlsConfig.forClient()), not a server's"
                    : "a TCP server needs a server TLS configuration (TlsConfig.forServer()), not a client's");
        }
        this.tls = config;
        this.handshakeTimeout = config.handshakeTimeout();
        sessionOptions.closeTimeout(config.closeNotifyTimeout()); // how long a close waits for the peer's goodbye
        return self();
    }

    /**
     * Compresses every session's byte stream (default: {@link Compression#none()}). The peer must use the same:
     * there is no negotiation. Above TLS when both are on. See {@link Compression}.
     */
    public B compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return self();
    }

    /** The group given, or a new one of {@link #threads(int)} loops that the end point owns. */
    LoopGroup loopGroupToUse() {
        return loopGroup == null ? (LoopGroup) EventLoopGroup.builder().threads(threads).build() : LoopGroup.of(loopGroup);
    }

    /**
     * Adds a layer under those added before (closer to the socket). Package-private until layers are public:
     * TLS and compression add theirs through their own options, and tests add test layers.
     */
    B layer(LayerFactory factory) {
        layers.add(Objects.requireNonNull(factory, "factory"));
        return self();
    }

    /** What sets each new session up, for an end point whose sessions are listed in {@code registry}. */
    TcpSessionStarter starter(SessionRegistry registry) {
        List<LayerFactory> all = layers;
        LayerFactory compressor = compression.layerFactory();
        if (compressor != null || tls != null) {
            all = new ArrayList<>(layers.size() + 2);
            if (compressor != null) {
                all.add(compressor); // on top: what is compressed is then encrypted
            }
            all.addAll(layers);
            if (tls != null) {
                TlsConfig config = tls;
                all.add(client -> new TlsLayer(config)); // at the bottom, next to the socket
            }
        }
        return new TcpSessionStarter(registry, sessionOptions.build(), socketOptions, initializer, all,
                all.isEmpty() ? 0 : handshakeTimeout.toNanos());
    }

    void checkComplete() {
        if (initializer == null) {
            throw new IllegalStateException("onNewSession(...) is required: it sets each session's codec and listener");
        }
    }
}
