package io.getty.ws;

import io.getty.core.EventLoopGroup;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.WaterMarks;
import io.getty.tcp.SocketOptions;
import io.getty.tcp.TcpEndPointBuilder;
import io.getty.tcp.TlsConfig;
import io.getty.tcp.internal.EndPointHooks;
import io.getty.ws.internal.UpgradeRequestParser;
import io.getty.ws.internal.WebSocketLayer;
import io.getty.ws.internal.WsSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the WebSocket server and client builders share: the options of the TCP end point under them (loops,
 * session and socket options, with the defaults of {@link SessionOptions} and {@link SocketOptions}) and the
 * WebSocket limits.
 *
 * <p>WebSocket defaults: max message length 1 MiB (the session option {@link #maxMessageLength}: the largest
 * message, inflated when compressed; more is refused with close code 1009), max frame size the same (0),
 * handshake timeout 10 s, max handshake size 8 KiB, no compression. Each cron period (default 60 s) a session
 * sends a ping, and one whose peer sent nothing, not even the pong, for a whole period after it fails with a
 * {@link io.getty.core.ReadTimeoutException}.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class WsEndPointBuilder<B extends WsEndPointBuilder<B>> {
    final TcpEndPointBuilder<?> tcp;
    int maxFrameSize;
    int maxHandshakeSize = UpgradeRequestParser.DEFAULT_MAX_HEAD_SIZE;
    Duration handshakeTimeout = Duration.ofSeconds(10);
    boolean compression;
    boolean tls;
    private boolean started;

    WsEndPointBuilder(TcpEndPointBuilder<?> tcp) {
        this.tcp = tcp;
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
        tcp.loopGroup(group);
        return self();
    }

    /** The loops of the group the end point creates when none is given; default: available processors. */
    public B threads(int loops) {
        tcp.threads(loops);
        return self();
    }

    /**
     * Sets up each new session (codec, listener, per-session options); required. It runs before the opening
     * handshake; {@code onOpen} runs after it, when {@link WebSocketInfo#of} tells what the handshake said.
     */
    public B onNewSession(SessionInitializer sessionInitializer) {
        tcp.onNewSession(sessionInitializer);
        return self();
    }

    /** Replaces all the session options set so far. */
    public B sessionOptions(SessionOptions options) {
        tcp.sessionOptions(options);
        return self();
    }

    /** How often {@code onCron} runs and a ping is sent; 0 turns both off. Default 60 s. */
    public B cronPeriod(Duration period) {
        tcp.cronPeriod(period);
        return self();
    }

    /** The largest message accepted (inflated, when compressed); a larger one is refused with 1009. Default 1 MiB. */
    public B maxMessageLength(int bytes) {
        tcp.maxMessageLength(bytes);
        return self();
    }

    /** Closes a session that receives nothing (not even a pong) for this long; 0 (the default) for never. */
    public B readTimeout(Duration timeout) {
        tcp.readTimeout(timeout);
        return self();
    }

    /** Fails a session whose pending output makes no progress for this long; default 30 s. */
    public B writeTimeout(Duration timeout) {
        tcp.writeTimeout(timeout);
        return self();
    }

    /** The pending-output levels of {@code isWritable()}; default 32 KiB / 64 KiB. */
    public B waterMarks(WaterMarks marks) {
        tcp.waterMarks(marks);
        return self();
    }

    /** Pending output past which a write fails at once; default 4 MiB. A message must fit under it. */
    public B writeBufferLimit(int bytes) {
        tcp.writeBufferLimit(bytes);
        return self();
    }

    /** Runs callbacks on {@code executor} (per session in order, never two at once) instead of the loop. */
    public B executor(Executor executor) {
        tcp.executor(executor);
        return self();
    }

    /** With an executor: messages it may fall behind by before a session stops reading. */
    public B maxQueuedMessages(int messages) {
        tcp.maxQueuedMessages(messages);
        return self();
    }

    /** Replaces the socket options set so far. */
    public B socketOptions(SocketOptions options) {
        tcp.socketOptions(options);
        return self();
    }

    /** TCP_NODELAY; default on. */
    public B tcpNoDelay(boolean on) {
        tcp.tcpNoDelay(on);
        return self();
    }

    /** SO_KEEPALIVE; default off. */
    public B keepAlive(boolean on) {
        tcp.keepAlive(on);
        return self();
    }

    /**
     * The most payload bytes one inbound data frame may carry (on the wire: compressed, for a compressed
     * message); a larger frame is refused with 1009. 0, the default, allows frames up to the max message length.
     */
    public B maxFrameSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max frame size must be >= 0: " + bytes);
        }
        this.maxFrameSize = bytes;
        return self();
    }

    /**
     * How long the opening handshake may take, from the connection (with TLS: the TLS handshake included)
     * until the session opens; a session that takes longer fails with a
     * {@link io.getty.core.HandshakeTimeoutException} and never opens. Default 10 s.
     */
    public B handshakeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(SessionOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("handshake timeout must be > 0 and at most "
                    + SessionOptions.MAX_DURATION.toDays() + " days: " + timeout);
        }
        this.handshakeTimeout = timeout;
        return self();
    }

    /**
     * The most bytes the handshake's HTTP head (request line or status line, and header fields) may take: a
     * server answers a larger request with 431, a client fails on a larger response. Default 8 KiB.
     */
    public B maxHandshakeSize(int bytes) {
        if (bytes < 64) {
            throw new IllegalArgumentException("max handshake size must be >= 64: " + bytes);
        }
        this.maxHandshakeSize = bytes;
        return self();
    }

    /**
     * Compresses messages with permessage-deflate (RFC 7692) when the peer agrees: a client offers it, a
     * server accepts an offer it can honour. A compressed session holds a compressor and a decompressor (about
     * 300 KiB of native memory, made when first needed). The JDK compresses with a 32 KiB window only: a server
     * asked for a smaller one ({@code server_max_window_bits} below 15) agrees and compresses with Huffman codes
     * alone, which any window can read, at a lower ratio. Default off.
     */
    public B compression(boolean on) {
        this.compression = on;
        return self();
    }

    /**
     * Speaks WebSocket over TLS ({@code wss}), with this configuration: a server needs one from
     * {@link TlsConfig#forServer()}, a client one from {@link TlsConfig#forClient()} (a {@code wss://} client
     * without one verifies the server against the JDK's trust). The TLS handshake comes first, and
     * {@link #handshakeTimeout} bounds both handshakes together; {@link io.getty.tcp.TlsInfo#of} tells what TLS
     * negotiated.
     *
     * @throws IllegalArgumentException if the configuration is for the other side of the connection
     */
    public B tls(TlsConfig config) {
        tcp.tls(config);
        this.tls = true;
        return self();
    }

    /** Adds the WebSocket layer to the TCP builder, once: a builder starts one end point. */
    final void addLayer(WsSettings settings) {
        if (started) {
            throw new IllegalStateException("this builder has started its end point already; use a new builder");
        }
        started = true;
        EndPointHooks.Access hooks = EndPointHooks.access();
        hooks.addLayer(tcp, client -> new WebSocketLayer(settings));
        hooks.handshakeTimeout(tcp, handshakeTimeout);
    }
}
