package io.getty.examples;

import io.getty.core.ConnectionListener;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpClient;
import io.getty.tcp.TcpServer;
import io.getty.tcp.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Messages over TCP, each framed as a 4-byte big-endian length and the payload; with TLS and compression the
 * frames are the same, compressed and then encrypted. A client reconnects only with {@code --reconnect}:
 * otherwise a lost connection ends the run ({@link EchoConnection}).
 */
final class TcpTransport implements Transport {
    /** Stateless, so one instance serves every session. */
    private static final LengthFieldCodec FRAMES = new LengthFieldCodec();

    private final Features features;
    /** The clients' TLS settings, made at the first connect (of one thread: {@link EchoLoad}'s). */
    private TlsConfig clientTls;

    TcpTransport() {
        this(Features.NONE);
    }

    private TcpTransport(Features features) {
        this.features = features;
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public boolean tls() {
        return features.tls();
    }

    @Override
    public String label() {
        return name() + (features.tls() ? "+tls" : "")
                + (features.compression() != Features.CompressionName.NONE ? "+" + features.compression().flagValue()
                        : "");
    }

    @Override
    public Transport with(Features more) {
        if (more.insecure() && !more.tls()) {
            throw new IllegalArgumentException("--insecure turns off the certificate check of --tls: it needs --tls");
        }
        return new TcpTransport(more);
    }

    @Override
    public boolean reconnects() {
        return features.reconnect() != null;
    }

    @Override
    public List<Transport> demoVariants() {
        if (!features.equals(Features.NONE)) {
            return List.of();
        }
        return List.of(with(Features.tlsOnly()), with(Features.compressed(Features.CompressionName.DEFLATE)),
                with(Features.compressed(Features.CompressionName.SNAPPY).withTls()));
    }

    @Override
    public Optional<String> cannotRun(EchoLoad.Settings settings) {
        try {
            features.compression().compression(); // snappy-java may be missing, or not load here
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Server startEchoServer(InetSocketAddress address, EventLoopGroup group) {
        EchoListener echo = new EchoListener();
        TcpServer.Builder server = TcpServer.builder()
                .bind(address)
                .loopGroup(group)
                .compression(features.compression().compression())
                .onNewSession(session -> session.codec(FRAMES).listener(echo));
        if (features.tls()) {
            server.tls(ExampleTls.server());
        }
        return server.start();
    }

    @Override
    public Connection connect(InetSocketAddress server, EventLoopGroup group, EventListener<ByteBuffer> listener) {
        TcpClient.Builder client = TcpClient.builder()
                .remoteAddress(server)
                .loopGroup(group)
                .reconnect(features.reconnectPolicy())
                .compression(features.compression().compression())
                .onNewSession(session -> session.codec(FRAMES).listener(listener));
        if (features.tls()) {
            if (clientTls == null) {
                clientTls = ExampleTls.client(features.insecure());
            }
            client.tls(clientTls);
        }
        if (listener instanceof ConnectionListener connections) {
            client.connectionListener(connections); // an EchoPeer: it hears of failed reconnects
        }
        TcpClient started = client.start();
        return new Connection(started, started.connectFuture());
    }
}
