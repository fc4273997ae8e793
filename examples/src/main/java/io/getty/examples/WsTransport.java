package io.getty.examples;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Reconnect;
import io.getty.core.Server;
import io.getty.ws.WebSocketCodecs;
import io.getty.ws.WsClient;
import io.getty.ws.WsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Messages over WebSocket ({@code ws}), or WebSocket over TLS ({@code wss}): each message is one WebSocket
 * message. The echo server sends text back as text and binary as binary, answers {@code GET /} with a page
 * that opens a WebSocket to it and echoes what its user types, and with {@code --compression} accepts
 * permessage-deflate; the client sends binary messages (and offers permessage-deflate with
 * {@code --compression}).
 *
 * <p>{@code wss} uses the examples' test certificate (see {@code tls/NOT-FOR-PRODUCTION.md}): the server
 * presents it, and the client verifies the server against the test CA, or accepts any certificate with
 * {@code --insecure}.
 */
final class WsTransport implements Transport {
    /** The largest message echoed: 16 MiB, the largest a conformance suite sends (the library's default is 1 MiB). */
    private static final int MAX_MESSAGE = 16 << 20;

    private final boolean secure;
    private final String path;
    private final boolean compression;
    private final boolean insecure;

    WsTransport(boolean secure) {
        this(secure, TransportOptions.DEFAULT_PATH, false, false);
    }

    private WsTransport(boolean secure, String path, boolean compression, boolean insecure) {
        this.secure = secure;
        this.path = path;
        this.compression = compression;
        this.insecure = insecure;
    }

    @Override
    public Transport configure(TransportOptions options) {
        return new WsTransport(secure, options.path, compression, insecure);
    }

    /** {@code --compression} (deflate: permessage-deflate) and, for wss, {@code --insecure}. */
    @Override
    public Transport with(Features features) {
        if (features.tls()) {
            throw new IllegalArgumentException("--tls: not with --transport " + name() + " (use --transport wss)");
        }
        if (features.compression() == Features.CompressionName.SNAPPY) {
            throw new IllegalArgumentException("--compression snappy: not with --transport " + name()
                    + " (WebSocket compresses with permessage-deflate: --compression deflate)");
        }
        if (features.insecure() && !secure) {
            throw new IllegalArgumentException("--insecure: with --transport wss only");
        }
        if (features.reconnect() != null) {
            throw new IllegalArgumentException("--reconnect: not with --transport " + name() + " (tcp only)");
        }
        return new WsTransport(secure, path, features.compression() == Features.CompressionName.DEFLATE,
                features.insecure());
    }

    @Override
    public boolean tls() {
        return secure;
    }

    @Override
    public String label() {
        return name() + (compression ? "+deflate" : "");
    }

    @Override
    public String name() {
        return secure ? "wss" : "ws";
    }

    @Override
    public Server startEchoServer(InetSocketAddress address, EventLoopGroup group) {
        // Text back as text, binary as binary: the codec reads each message as its type says.
        EventListener<Object> echo = (session, message) -> session.sendPkg(message);
        WsServer.Builder server = WsServer.builder()
                .bind(address)
                .loopGroup(group)
                .path(path.contains("?") ? path.substring(0, path.indexOf('?')) : path)
                .compression(compression)
                .maxMessageLength(MAX_MESSAGE)
                .writeBufferLimit(4 * MAX_MESSAGE)
                .page("/", "text/html; charset=utf-8", page())
                .onNewSession(session -> session.codec(WebSocketCodecs.textAndBinary(), echo));
        if (secure) {
            server.tls(ExampleTls.server());
        }
        return server.start();
    }

    @Override
    public Connection connect(InetSocketAddress server, EventLoopGroup group, EventListener<ByteBuffer> listener) {
        // A verifying client does not reconnect: a lost connection ends the run, as over TCP.
        return connect(server, group, WebSocketCodecs.binary(), listener, Reconnect.never());
    }

    /**
     * A client that sends back every message the server sends, with its type, and never reconnects: what a
     * test server that drives a client (in the manner of the Autobahn test suite) expects of it.
     */
    Connection reflect(InetSocketAddress server, EventLoopGroup group, EventListener<Object> listener) {
        return connect(server, group, WebSocketCodecs.textAndBinary(), listener, Reconnect.never());
    }

    private <I> Connection connect(InetSocketAddress server, EventLoopGroup group,
                                   io.getty.core.PkgHandler<I, ?> codec, EventListener<? super I> listener,
                                   Reconnect reconnect) {
        WsClient.Builder client = WsClient.builder()
                .uri(url(server) + path)
                .loopGroup(group)
                .compression(compression)
                .reconnect(reconnect)
                .maxMessageLength(MAX_MESSAGE)
                .writeBufferLimit(4 * MAX_MESSAGE)
                .onNewSession(session -> session.codec(codec, listener));
        if (secure) {
            client.tls(ExampleTls.client(insecure));
        }
        WsClient started = client.start();
        return new Connection(started, started.connectFuture());
    }

    private String page() {
        try (InputStream in = resource("web/echo.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__PATH__", path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = WsTransport.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IllegalStateException("the examples jar has no " + name);
        }
        return in;
    }
}
