package io.getty.examples;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpClient;
import io.getty.tcp.TcpServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Messages over TCP, each framed as a 4-byte big-endian length and the payload. */
final class TcpTransport implements Transport {
    /** Stateless, so one instance serves every session. */
    private static final LengthFieldCodec FRAMES = new LengthFieldCodec();

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Server startEchoServer(InetSocketAddress address, EventLoopGroup group) {
        EchoListener echo = new EchoListener();
        return TcpServer.builder()
                .bind(address)
                .loopGroup(group)
                .onNewSession(session -> session.codec(FRAMES).listener(echo))
                .start();
    }

    @Override
    public Connection connect(InetSocketAddress server, EventLoopGroup group, EventListener<ByteBuffer> listener) {
        TcpClient client = TcpClient.builder()
                .remoteAddress(server)
                .loopGroup(group)
                .onNewSession(session -> session.codec(FRAMES).listener(listener))
                .start();
        return new Connection(client, client.connectFuture());
    }
}
