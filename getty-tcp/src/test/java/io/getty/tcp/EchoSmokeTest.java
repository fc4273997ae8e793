package io.getty.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EchoSmokeTest {

    @Test
    void echoesFramesToAPlainSocket() throws Exception {
        TcpServer server = TcpTestSupport.newServer()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .threads(2)
                .onNewSession(s -> s.codec(new LengthFieldCodec()).listener(new EventListener<ByteBuffer>() {
                    @Override
                    public void onMessage(Session session, ByteBuffer pkg) {
                        session.writePkg(pkg);
                    }
                }))
                .start();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            DataOutputStream out = new DataOutputStream(RecordStreams.output(socket));
            DataInputStream in = new DataInputStream(RecordStreams.input(socket));
            for (int i = 0; i < 100; i++) {
                byte[] payload = ("hello " + i).getBytes(StandardCharsets.UTF_8);
                out.writeInt(payload.length);
                out.write(payload);
            }
            out.flush();
            for (int i = 0; i < 100; i++) {
                int len = in.readInt();
                byte[] got = new byte[len];
                in.readFully(got);
                assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("hello " + i);
            }
        } finally {
            server.close();
            server.closeFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientTalksToServer() throws Exception {
        TcpServer server = TcpTestSupport.newServer()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .onNewSession(s -> s.codec(new LengthFieldCodec(), (session, pkg) -> session.writePkg(pkg)))
                .start();
        CompletableFuture<String> reply = new CompletableFuture<>();
        TcpClient client = TcpTestSupport.newClient()
                .remoteAddress(server.localAddress())
                .onNewSession(s -> s.codec(new LengthFieldCodec()).listener(new EventListener<ByteBuffer>() {
                    @Override
                    public void onMessage(Session session, ByteBuffer pkg) {
                        byte[] b = new byte[pkg.remaining()];
                        pkg.get(b);
                        reply.complete(new String(b, StandardCharsets.UTF_8));
                    }
                }))
                .start();
        Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
        assertThat(session.writePkg(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("ping");
        client.close();
        client.closeFuture().get(5, TimeUnit.SECONDS);
        server.close();
        server.closeFuture().get(5, TimeUnit.SECONDS);
    }
}
