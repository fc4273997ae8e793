package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK's {@code java.net.http.WebSocket} client against our server. */
class JdkClientInteropTest {
    private WsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void echoesTextAsTextAndBinaryAsBinary() throws Exception {
        server = WsTestSupport.echoServer().start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        client.socket.sendText("hello, wörld ✓", true).join();
        assertThat(client.next()).isEqualTo("hello, wörld ✓");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}), true).join();
        assertThat((byte[]) client.next()).containsExactly(1, 2, 3, 0xFF);
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        client.socket.sendBinary(ByteBuffer.wrap(big), true).join();
        assertThat((byte[]) client.next()).isEqualTo(big);
        client.socket.sendText("", true).join();
        assertThat(client.next()).isEqualTo("");
        client.socket.sendClose(1000, "").join();
        assertThat(client.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
    }

    @Test
    void reassemblesFragmentedMessages() throws Exception {
        server = WsTestSupport.echoServer().start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        client.socket.sendText("frag", false).join();
        client.socket.sendText("men", false).join();
        client.socket.sendText("ted ✓", true).join();
        assertThat(client.next()).isEqualTo("fragmented ✓");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), false).join();
        client.socket.sendPing(ByteBuffer.wrap("between".getBytes(StandardCharsets.UTF_8))).join();
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {2, 3}), true).join();
        assertThat(((JdkClient.Pong) client.next()).payload()).isEqualTo("between".getBytes(StandardCharsets.UTF_8));
        assertThat((byte[]) client.next()).containsExactly(1, 2, 3);
    }

    @Test
    void answersPingsWithPongs() throws Exception {
        server = WsTestSupport.echoServer().start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        for (int i = 0; i < 5; i++) {
            byte[] payload = ("ping " + i).getBytes(StandardCharsets.UTF_8);
            client.socket.sendPing(ByteBuffer.wrap(payload)).join();
            assertThat(((JdkClient.Pong) client.next()).payload()).isEqualTo(payload);
        }
    }

    @Test
    void closesWithTheClientsCodeAndReason() throws Exception {
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        Session session = recorder.opened.poll(5, TimeUnit.SECONDS);
        client.socket.sendClose(4000, "bye now").join();
        assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(new JdkClient.Close(4000, ""));
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session)).isEqualTo(new CloseStatus(4000, "bye now"));
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void closesWithTheServersCodeAndReason() throws Exception {
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        server = WsTestSupport.echoServer().onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        Session session = recorder.opened.poll(5, TimeUnit.SECONDS);
        WebSocket.close(session, 4001, "done ✓");
        assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(new JdkClient.Close(4001, "done ✓"));
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session)).isEqualTo(new CloseStatus(4001, ""));
    }

    @Test
    void onOpenSeesTheHandshake() throws Exception {
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().subprotocols("v2.chat", "v1.chat")
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        JdkClient client = JdkClient.connect(WsTestSupport.uri(server, "/echo?room=7&x=y"), "v1.chat", "v2.chat");
        Session session = recorder.opened.poll(5, TimeUnit.SECONDS);
        WebSocketInfo info = WebSocketInfo.of(session);
        assertThat(info.path()).isEqualTo("/echo");
        assertThat(info.query()).isEqualTo("room=7&x=y");
        assertThat(info.header("x-test")).isEqualTo("jdk");
        assertThat(info.header("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(info.subprotocol()).isEqualTo("v2.chat");
        assertThat(client.socket.getSubprotocol()).isEqualTo("v2.chat");
        assertThat(info.compressed()).isFalse();
    }
}
