package io.getty.ws;

import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import io.getty.core.Session;
import io.getty.tcp.TcpServer;
import io.getty.ws.internal.PerMessageDeflate;
import io.getty.ws.internal.ServerHandshake;
import io.getty.ws.internal.WsSettings;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket server (RFC 6455): a TCP server whose sessions start with the opening handshake and then carry
 * messages, one message per packet each way.
 *
 * <pre>{@code
 * WsServer server = WsServer.builder()
 *         .bind(8080)
 *         .path("/echo")
 *         .onNewSession(session -> session.codec(WebSocketCodecs.text(), (s, text) -> s.sendPkg(text)))
 *         .start();
 * }</pre>
 *
 * <p>With {@link Builder#tls tls(...)} it is a {@code wss} server: TLS first, then the WebSocket handshake.
 *
 * <p>A request that is not a WebSocket handshake this server accepts is answered with an HTTP error and
 * closed, before any callback: 400 for a malformed one, 404 for a path not served, 403 for an origin not
 * allowed, 426 for another protocol version, 431 for a head above the max handshake size. A plain
 * {@code GET} of a {@link Builder#page page} gets that page.
 */
public final class WsServer implements Server {
    private final TcpServer tcp;

    private WsServer(TcpServer tcp) {
        this.tcp = tcp;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SocketAddress localAddress() {
        return tcp.localAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return tcp.port();
    }

    @Override
    public Collection<Session> sessions() {
        return tcp.sessions();
    }

    /** Sessions live now: open ones, and those still in their handshake. */
    @Override
    public int sessionCount() {
        return tcp.sessionCount();
    }

    @Override
    public EventLoopGroup loopGroup() {
        return tcp.loopGroup();
    }

    /** Stops accepting and closes every session gracefully (close frame 1000). */
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
        return "WsServer(" + tcp.localAddress() + ")";
    }

    /**
     * Builds and starts a {@link WsServer}. Defaults: bind to port 0 on all interfaces (pass a port), every
     * path served, every origin allowed, no subprotocol, plus those of {@link WsEndPointBuilder} and the TCP
     * server's (backlog 1024, no session limit).
     */
    public static final class Builder extends WsEndPointBuilder<Builder> {
        private final TcpServer.Builder server;
        private final Set<String> paths = new LinkedHashSet<>();
        private final Set<String> origins = new LinkedHashSet<>();
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, byte[]> pages = new LinkedHashMap<>();

        private Builder() {
            this(TcpServer.builder());
        }

        private Builder(TcpServer.Builder server) {
            super(server);
            this.server = server;
        }

        /** The address to listen on. */
        public Builder bind(SocketAddress address) {
            server.bind(address);
            return this;
        }

        /** Binds to {@code port} on every interface; 0 picks a free port (see {@link WsServer#port()}). */
        public Builder bind(int port) {
            return bind(new InetSocketAddress(port));
        }

        /** Binds to {@code port} on the interface of {@code host}. */
        public Builder bind(String host, int port) {
            return bind(new InetSocketAddress(host, port));
        }

        /** The listen backlog: connections the kernel queues before they are accepted. */
        public Builder backlog(int connections) {
            server.backlog(connections);
            return this;
        }

        /** The most sessions at once; connections beyond are closed when accepted. */
        public Builder sessionLimit(int sessions) {
            server.sessionLimit(sessions);
            return this;
        }

        /**
         * Serves WebSocket handshakes at these request paths (compared exactly, without the query; Getty's
         * {@code WithWebsocketServerPath}); a handshake for another path is answered 404. Adds to the paths
         * given before; by default every path is served.
         */
        public Builder path(String... requestPaths) {
            for (String path : requestPaths) {
                if (!path.startsWith("/")) {
                    throw new IllegalArgumentException("a path starts with '/': " + path);
                }
                paths.add(path);
            }
            return this;
        }

        /**
         * Accepts handshakes only from these origins (the {@code Origin} field, compared case-insensitively,
         * e.g. {@code https://example.com}); another origin is answered 403. A request without {@code Origin}
         * (not from a browser) passes. By default every origin is allowed.
         */
        public Builder allowedOrigins(String... allowed) {
            for (String origin : allowed) {
                origins.add(Objects.requireNonNull(origin, "origin"));
            }
            return this;
        }

        /**
         * The subprotocols this server speaks, most preferred first: a handshake gets the first of them that the
         * client offered ({@link WebSocketInfo#subprotocol()}), or none. By default none.
         */
        public Builder subprotocols(String... protocols) {
            for (String protocol : protocols) {
                subprotocols.add(Objects.requireNonNull(protocol, "protocol"));
            }
            return this;
        }

        /**
         * Answers a plain {@code GET} of {@code path} (one without a WebSocket upgrade) with this page (status
         * 200), then closes the connection: enough for a page whose script opens a WebSocket to this server.
         */
        public Builder page(String path, String contentType, byte[] body) {
            Objects.requireNonNull(contentType, "contentType");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a path starts with '/': " + path);
            }
            pages.put(path, WsSettings.pageResponse(contentType, body.clone()));
            return this;
        }

        /** As {@link #page(String, String, byte[])}, for a UTF-8 text page. */
        public Builder page(String path, String contentType, String body) {
            return page(path, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        /** Binds and starts accepting; throws {@link io.getty.core.GettyException} if the address cannot be bound. */
        public WsServer start() {
            PerMessageDeflate.Config deflate = compression ? PerMessageDeflate.Config.DEFAULT : null;
            ServerHandshake handshake = new ServerHandshake(paths, subprotocols, origins, deflate);
            addLayer(new WsSettings(handshake, pages, null, deflate, maxFrameSize, maxHandshakeSize));
            return new WsServer(server.start());
        }
    }
}
