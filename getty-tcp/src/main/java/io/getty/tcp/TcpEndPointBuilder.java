package io.getty.tcp;

import io.getty.core.EndPointBuilder;
import io.getty.core.SessionOptions;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.tcp.internal.EndPointHooks;
import io.getty.tcp.internal.LayerFactory;
import io.getty.core.internal.session.SessionRegistry;
import io.getty.tcp.internal.TcpSessionStarter;
import io.getty.tcp.internal.tls.TlsLayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the TCP server and client builders share besides what every end point has ({@link EndPointBuilder}):
 * the socket options (see {@link SocketOptions}), TLS and compression.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class TcpEndPointBuilder<B extends TcpEndPointBuilder<B>> extends EndPointBuilder<B> {
    SocketOptions socketOptions = SocketOptions.DEFAULT;
    /** The layers of every session, top first (TLS, compression); none by default. */
    final List<LayerFactory> layers = new ArrayList<>();
    Duration handshakeTimeout = Duration.ofSeconds(10);
    /** TLS under every session (below all other layers), or null. */
    TlsConfig tls;
    Compression compression = Compression.none();

    static {
        // getty's own modules (WebSocket) build on TCP end points with a layer of their own on top.
        EndPointHooks.install(new EndPointHooks.Access() {
            @Override
            public void addLayer(TcpEndPointBuilder<?> builder, LayerFactory factory) {
                builder.layer(factory);
            }

            @Override
            public void handshakeTimeout(TcpEndPointBuilder<?> builder, Duration timeout) {
                builder.handshakeTimeout = timeout;
            }
        });
    }

    TcpEndPointBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
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
     * timeout). Stats and write futures count the session's plaintext. The configuration's
     * {@link TlsConfig#closeNotifyTimeout()} is the sessions' close timeout unless one is set on this builder
     * ({@link #closeTimeout}, or {@link #sessionOptions} with a close timeout other than the default), before
     * or after this call.
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
        return self(); // its closeNotifyTimeout is resolved against the builder's close timeout in starter()
    }

    /**
     * Compresses every session's byte stream (default: {@link Compression#none()}). The peer must use the same:
     * there is no negotiation. Above TLS when both are on. See {@link Compression}.
     */
    public B compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
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
        SessionOptions options = tls != null
                ? builtSessionOptions(tls.closeNotifyTimeout()) // how long a close waits for the peer's goodbye
                : builtSessionOptions();
        return new TcpSessionStarter(registry, options, socketOptions, initializer(), all,
                all.isEmpty() ? 0 : handshakeTimeout.toNanos());
    }

}
