package io.getty.ws;

import io.getty.core.Client;
import io.getty.core.ConnectionListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Reconnect;
import io.getty.core.Session;
import io.getty.tcp.TcpClient;
import io.getty.tcp.TlsConfig;
import io.getty.ws.internal.PerMessageDeflate;
import io.getty.ws.internal.WsSettings;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client (RFC 6455) that keeps {@code connectionNumber} sessions to one {@code ws://} or
 * {@code wss://} URI, as the
 * TCP client does: each connects, sends the opening handshake, opens once the server's 101 is checked, and is
 * replaced after its {@link Reconnect} wait when it fails or is lost, until the client closes.
 *
 * <pre>{@code
 * WsClient client = WsClient.builder()
 *         .uri("ws://localhost:8080/echo")
 *         .onNewSession(session -> session.codec(WebSocketCodecs.text(), listener))
 *         .start();
 * Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
 * session.writePkg("hello");                                   // a text message
 * }</pre>
 *
 * <p>A handshake the server refuses fails that attempt with a {@link WebSocketHandshakeException} carrying the
 * status received (the first attempt's failure fails {@link #connectFuture()}).
 */
public final class WsClient implements Client {
    private final TcpClient tcp;
    private final URI uri;

    private WsClient(TcpClient tcp, URI uri) {
        this.tcp = tcp;
        this.uri = uri;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URI the client connects to. */
    public URI uri() {
        return uri;
    }

    @Override
    public CompletableFuture<Session> connectFuture() {
        return tcp.connectFuture();
    }

    @Override
    public SocketAddress remoteAddress() {
        return tcp.remoteAddress();
    }

    @Override
    public Collection<Session> sessions() {
        return tcp.sessions();
    }

    /** How many sessions the client keeps. */
    public int connectionNumber() {
        return tcp.connectionNumber();
    }

    @Override
    public EventLoopGroup loopGroup() {
        return tcp.loopGroup();
    }

    /** Stops reconnecting and closes every session gracefully (close frame 1000). Idempotent. */
    @Override
    public void close() {
        tcp.close();
    }

    @Override
    public boolean isClosed() {
        return tcp.isClosed();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return tcp.closeFuture();
    }

    @Override
    public String toString() {
        return "WsClient(" + uri + ")";
    }

    /**
     * Builds and starts a {@link WsClient}. Defaults: no extra header field, no subprotocol, one connection,
     * connect timeout 5 s, reconnection {@link Reconnect#DEFAULT}, plus those of {@link WsEndPointBuilder}.
     */
    public static final class Builder extends WsEndPointBuilder<Builder> {
        private final TcpClient.Builder client;
        private URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> subprotocols = new ArrayList<>();

        private Builder() {
            this(TcpClient.builder());
        }

        private Builder(TcpClient.Builder client) {
            super(client);
            this.client = client;
        }

        /**
         * The server: {@code ws://host[:port]/path[?query]} (port 80 by default) or {@code wss://...} (port 443,
         * over TLS: see {@link #tls}); required. Its host and port are resolved when the client starts.
         */
        public Builder uri(URI serverUri) {
            Objects.requireNonNull(serverUri, "serverUri");
            String scheme = serverUri.getScheme() == null ? "" : serverUri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("a WebSocket URI is ws:// or wss://host[:port]/path: " + serverUri);
            }
            if (serverUri.getHost() == null) {
                throw new IllegalArgumentException("the URI has no host: " + serverUri);
            }
            if (serverUri.getRawFragment() != null) {
                throw new IllegalArgumentException("a WebSocket URI has no fragment (RFC 6455 section 3): " + serverUri);
            }
            this.uri = serverUri;
            return this;
        }

        /** As {@link #uri(URI)}. */
        public Builder uri(String serverUri) {
            return uri(URI.create(serverUri));
        }

        /**
         * Sends this header field with the handshake ({@code Origin}, {@code Authorization}, a cookie), after the
         * fields the handshake writes itself, which it may not replace.
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Offers these subprotocols, most preferred first; the one the server chose is in {@link WebSocketInfo}. */
        public Builder subprotocols(String... protocols) {
            for (String protocol : protocols) {
                subprotocols.add(Objects.requireNonNull(protocol, "protocol"));
            }
            return this;
        }

        /** How long a connect may take (the handshake is bounded by {@link #handshakeTimeout}). */
        public Builder connectTimeout(Duration timeout) {
            client.connectTimeout(timeout);
            return this;
        }

        /** How many sessions the client keeps open to the server (Getty's connection number); default 1. */
        public Builder connectionNumber(int sessions) {
            client.connectionNumber(sessions);
            return this;
        }

        /** When to connect again after a failed attempt or a lost session; {@link Reconnect#never()} turns it off. */
        public Builder reconnect(Reconnect policy) {
            client.reconnect(policy);
            return this;
        }

        /** Getty's reconnect interval: {@link Reconnect#every(Duration)}. */
        public Builder reconnectInterval(Duration interval) {
            client.reconnectInterval(interval);
            return this;
        }

        /** Told when sessions connect (once open) and disconnect and when attempts fail. */
        public Builder connectionListener(ConnectionListener listener) {
            client.connectionListener(listener);
            return this;
        }

        /** Starts connecting and returns at once; see {@link WsClient#connectFuture()}. */
        public WsClient start() {
            if (uri == null) {
                throw new IllegalStateException("uri(...) is required");
            }
            boolean secure = uri.getScheme().equalsIgnoreCase("wss");
            if (secure && !tls) {
                tls(TlsConfig.forClient().build()); // the JDK's trust, host names verified
            } else if (!secure && tls) {
                throw new IllegalStateException("tls(...) was set for a ws:// URI; use wss:// " + uri);
            }
            int defaultPort = secure ? 443 : 80;
            int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
            String host = uri.getHost();
            String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            String hostField = port == defaultPort ? host : host + ":" + port;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            WsSettings.ClientRequest request = new WsSettings.ClientRequest(hostField, target, subprotocols, headers);
            // Checked now rather than on the first connection: a bad header field is the caller's mistake.
            new io.getty.ws.internal.ClientHandshake(hostField, target, subprotocols, null, headers,
                    io.getty.ws.internal.ClientHandshake.newKey());
            PerMessageDeflate.Config deflate = compression ? PerMessageDeflate.Config.DEFAULT : null;
            addLayer(new WsSettings(null, Map.of(), request, deflate, maxFrameSize, maxHandshakeSize));
            client.remoteAddress(new InetSocketAddress(bareHost, port));
            return new WsClient(client.start(), uri);
        }
    }
}
