package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.EncodeException;
import io.getty.core.ReadTimeoutException;
import io.getty.core.Reconnect;
import io.getty.core.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against our server: messages both ways, compression, fragments, closing, heartbeats. */
class GettyPairTest {
    private WsServer server;
    private WsClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            client.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        if (server != null) {
            server.close();
            server.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private Session connect(WsTestSupport.Recorder recorder, boolean compression) throws Exception {
        client = WsClient.builder().uri(WsTestSupport.uri(server, "/echo?x=1")).threads(1).compression(compression)
                .maxMessageLength(4 << 20).subprotocols("chat").header("Origin", "http://localhost")
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        return client.connectFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void messagesOfEverySizeBothWays(boolean compression) throws Exception {
        server = WsTestSupport.echoServer().compression(compression).maxMessageLength(4 << 20)
                .subprotocols("chat").start();
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        Session session = connect(recorder, compression);
        WebSocketInfo info = WebSocketInfo.of(session);
        assertThat(info.compressed()).isEqualTo(compression);
        assertThat(info.subprotocol()).isEqualTo("chat");
        assertThat(info.path()).isEqualTo("/echo");
        assertThat(info.query()).isEqualTo("x=1");
        assertThat(info.header("upgrade")).isEqualToIgnoringCase("websocket");
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 125, 126, 127, 65535, 65536, 65537, 100_000, 3_000_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            session.writePkg(ByteBuffer.wrap(bytes));
            assertThat((byte[]) recorder.messages.poll(10, TimeUnit.SECONDS)).as("binary %d", size).isEqualTo(bytes);
            String text = "é✓".repeat(size / 5);
            session.writePkg(text); // after the echo: both at once would pass the 4 MiB write buffer limit
            Object echoed = recorder.messages.poll(10, TimeUnit.SECONDS);
            assertThat(text.equals(echoed)).as("text %d: %s", size, echoed == null ? null : echoed.getClass()).isTrue();
        }
        for (int i = 0; i < 1000; i++) {
            session.sendPkg("message " + i);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(recorder.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("message " + i);
        }
        assertThat(recorder.errors).isEmpty();
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void fragmentsMakeOneMessage(boolean compression) throws Exception {
        server = WsTestSupport.echoServer().compression(compression).start();
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        Session session = connect(recorder, compression);
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "frag", false));
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "", false));
        assertThatThrownBy(() -> session.writePkg("not a fragment").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EncodeException.class);
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "ments ✓", true));
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("fragments ✓");
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "ends empty", false));
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "", true));
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("ends empty");
        session.writePkg(WebSocketMessage.binary("as binary"));
        assertThat((byte[]) recorder.messages.poll(5, TimeUnit.SECONDS))
                .isEqualTo("as binary".getBytes(StandardCharsets.UTF_8));
        session.writePkg(WebSocketMessage.text(ByteBuffer.wrap("bytes as text".getBytes(StandardCharsets.UTF_8))));
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("bytes as text");
        session.writeBytes(new byte[] {9, 8, 7});
        assertThat((byte[]) recorder.messages.poll(5, TimeUnit.SECONDS)).containsExactly(9, 8, 7);
        session.writePkg("");
        session.writePkg(ByteBuffer.allocate(0));
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("");
        assertThat((byte[]) recorder.messages.poll(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void workerExecutorGetsMessagesThatOutliveTheRead() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            server = WsTestSupport.echoServer().executor(workers).start();
            WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
            Session session = connect(recorder, false);
            for (int i = 0; i < 2000; i++) {
                session.sendPkg(ByteBuffer.wrap(("worker " + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 2000; i++) {
                assertThat(new String((byte[]) recorder.messages.poll(5, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                        .isEqualTo("worker " + i);
            }
        } finally {
            workers.shutdown();
        }
    }

    @Test
    void clientCloseIsEchoedWithItsCode() throws Exception {
        WsTestSupport.Recorder serverSide = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), serverSide))
                .start();
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        Session session = connect(recorder, false);
        Session accepted = serverSide.opened.poll(5, TimeUnit.SECONDS);
        session.writePkg("last words");
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("last words");
        WebSocket.close(session, 3000, "see you");
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(serverSide.closed.poll(5, TimeUnit.SECONDS)).isSameAs(accepted);
        assertThat(WebSocket.closeStatus(accepted)).isEqualTo(new CloseStatus(3000, "see you"));
        assertThat(WebSocket.closeStatus(session)).isEqualTo(new CloseStatus(3000, ""));
        assertThat(recorder.errors).isEmpty();
        assertThat(serverSide.errors).isEmpty();
        assertThatThrownBy(() -> WebSocket.close(session, 1005, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peerThatLeavesWithoutACloseFrameIsClosedAtOnce() throws Exception {
        WsTestSupport.Recorder serverSide = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), serverSide))
                .start();
        try (RawWs raw = RawWs.open(server.port(), "/echo")) {
            raw.send(RawWs.text("bye"));
            assertThat(raw.readFrame().text()).isEqualTo("bye");
        } // the socket closes: no close frame
        Session session = serverSide.opened.poll(5, TimeUnit.SECONDS);
        // Well within the 3 s close linger: the server does not wait for a close frame that cannot come.
        assertThat(serverSide.closed.poll(2, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session)).isNull();
        assertThat(serverSide.errors).isEmpty();
    }

    @Test
    void refusedHandshakeFailsTheConnectFuture() {
        server = WsTestSupport.echoServer().start();
        client = WsClient.builder().uri(WsTestSupport.uri(server, "/elsewhere")).reconnect(Reconnect.never())
                .onNewSession(s -> s.codec(WebSocketCodecs.text(), (x, m) -> { })).start();
        assertThatThrownBy(() -> client.connectFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).status()).isEqualTo(404));
    }

    @Test
    void cronPingsKeepALivePeerAndFindADeadOne() throws Exception {
        WsTestSupport.Recorder serverSide = new WsTestSupport.Recorder(true);
        // Half a second: a loaded machine may delay a pong by a good part of a 100 ms period.
        server = WsTestSupport.echoServer().cronPeriod(Duration.ofMillis(500))
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), serverSide)).start();
        // Our client answers pings: it lives through many periods.
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        Session alive = connect(recorder, false);
        Session aliveOnServer = serverSide.opened.poll(5, TimeUnit.SECONDS);
        // A peer that reads nothing and answers nothing is found dead after about two periods.
        try (RawWs silent = RawWs.open(server.port(), "/echo")) {
            Session silentOnServer = serverSide.opened.poll(5, TimeUnit.SECONDS);
            assertThat(serverSide.errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(ReadTimeoutException.class);
            assertThat(serverSide.closed.poll(5, TimeUnit.SECONDS)).as("the silent one").isSameAs(silentOnServer);
            RawWs.Frame ping = silent.readFrame();
            assertThat(ping.opcode()).isEqualTo(9);
        }
        Thread.sleep(1500); // three more periods: the live peer's pongs keep its session open
        assertThat(aliveOnServer.isClosed()).isFalse();
        assertThat(serverSide.errors).isEmpty();
        session(alive, recorder);
    }

    @Test
    void aSessionThatPausedReadingIsNotFoundDeadByCronPings() throws Exception {
        WsTestSupport.Recorder serverSide = new WsTestSupport.Recorder(true) {
            @Override
            public void onOpen(Session session) {
                session.pauseReading(); // the peer's pongs wait unread in the socket
                super.onOpen(session);
            }
        };
        server = WsTestSupport.echoServer().cronPeriod(Duration.ofMillis(200))
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), serverSide)).start();
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        Session session = connect(recorder, false);
        Session accepted = serverSide.opened.poll(5, TimeUnit.SECONDS);
        session.writePkg("after the pause");
        Thread.sleep(1000); // five periods
        assertThat(serverSide.errors).isEmpty();
        assertThat(accepted.isClosed()).isFalse();
        accepted.resumeReading();
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("after the pause");
    }

    private static void session(Session alive, WsTestSupport.Recorder recorder) throws InterruptedException {
        assertThat(recorder.errors).isEmpty();
        alive.writePkg("still alive");
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("still alive");
        assertThat(alive.isClosed()).isFalse();
    }
}
