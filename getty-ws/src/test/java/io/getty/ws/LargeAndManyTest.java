package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 16 MiB messages, whole and fragmented, and 1,000 sessions echoing at once. */
class LargeAndManyTest {
    private static final int SIXTEEN_MIB = 16 << 20;
    private WsServer server;
    private WsClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            client.closeFuture().orTimeout(20, TimeUnit.SECONDS).join();
        }
        if (server != null) {
            server.close();
            server.closeFuture().orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void sixteenMebibyteMessagesWholeAndFragmented() throws Exception {
        server = WsTestSupport.echoServer().maxMessageLength(SIXTEEN_MIB).writeBufferLimit(2 * SIXTEEN_MIB).start();
        byte[] big = new byte[SIXTEEN_MIB];
        new Random(16).nextBytes(big);
        JdkClient jdk = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        jdk.socket.sendBinary(ByteBuffer.wrap(big), true).join();
        assertThat(Arrays.equals((byte[]) jdk.next(), big)).as("whole, from the JDK client").isTrue();
        int piece = SIXTEEN_MIB / 16;
        for (int i = 0; i < 16; i++) {
            jdk.socket.sendBinary(ByteBuffer.wrap(big, i * piece, piece), i == 15).join();
        }
        assertThat(Arrays.equals((byte[]) jdk.next(), big)).as("in 16 fragments, from the JDK client").isTrue();
        jdk.socket.sendClose(1000, "").join();

        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        client = WsClient.builder().uri(WsTestSupport.uri(server, "/echo")).threads(1).maxMessageLength(SIXTEEN_MIB)
                .writeBufferLimit(2 * SIXTEEN_MIB)
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 8; i++) {
            session.writePkg(WebSocketMessage.fragment(MessageType.BINARY,
                    ByteBuffer.wrap(big, i * 2 * piece, 2 * piece), i == 7));
        }
        assertThat(Arrays.equals((byte[]) recorder.messages.poll(20, TimeUnit.SECONDS), big))
                .as("in 8 fragments, from our client").isTrue();
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void oneMoreByteThanTheLimitIsRefused() throws Exception {
        server = WsTestSupport.echoServer().maxMessageLength(SIXTEEN_MIB).start();
        JdkClient jdk = JdkClient.connect(WsTestSupport.uri(server, "/echo"));
        jdk.socket.sendBinary(ByteBuffer.allocate(SIXTEEN_MIB + 1), true);
        assertThat(jdk.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
    }

    @Test
    void thousandSessionsEchoAtOnce() throws Exception {
        int sessions = 1000;
        int rounds = 5;
        server = WsTestSupport.echoServer().threads(2).start();
        CountDownLatch done = new CountDownLatch(sessions);
        AtomicInteger mismatches = new AtomicInteger();
        ConcurrentHashMap<Session, AtomicInteger> counts = new ConcurrentHashMap<>();
        EventListener<Object> pingPong = new EventListener<>() {
            @Override
            public void onOpen(Session session) {
                counts.put(session, new AtomicInteger());
                session.writePkg("round 0 of " + session.id());
            }

            @Override
            public void onMessage(Session session, Object pkg) {
                AtomicInteger count = counts.get(session);
                int n = count.get();
                if (!("round " + n + " of " + session.id()).equals(pkg)) {
                    mismatches.incrementAndGet();
                }
                if (count.incrementAndGet() == rounds) {
                    done.countDown();
                } else {
                    session.writePkg("round " + (n + 1) + " of " + session.id());
                }
            }
        };
        client = WsClient.builder().uri(WsTestSupport.uri(server, "/echo")).threads(2).connectionNumber(sessions)
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), pingPong)).start();
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every session echoed %d rounds", rounds).isTrue();
        assertThat(mismatches).hasValue(0);
        assertThat(server.sessionCount()).isEqualTo(sessions);
    }
}
