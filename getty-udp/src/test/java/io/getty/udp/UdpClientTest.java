package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.HOST;
import static io.getty.udp.UdpTestSupport.await;
import static io.getty.udp.UdpTestSupport.buffer;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static io.getty.udp.UdpTestSupport.get;
import static io.getty.udp.UdpTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.EncodeException;
import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.WriteFuture;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client's sessions: each a socket connected to the server, exchanging plain packets with it. */
@Timeout(60)
class UdpClientTest {

    /** Records the packets and errors of every session of a client. */
    private static final class ClientRecorder implements EventListener<ByteBuffer> {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final Set<Session> opened = ConcurrentHashMap.newKeySet();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void onOpen(Session s) {
            opened.add(s);
        }

        @Override
        public void onMessage(Session s, ByteBuffer pkg) {
            received.add(s.id() + ":" + string(pkg));
        }

        @Override
        public void onError(Session s, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void onClose(Session s) {
            closed.incrementAndGet();
        }
    }

    @Test
    void eachOfNSessionsHasItsOwnSocketConnectedToTheServer() throws Exception {
        Map<InetSocketAddress, String> senders = new ConcurrentHashMap<>();
        DatagramRecorder server = new DatagramRecorder((s, d) -> {
            senders.put(d.peer(), string(d.content()));
            s.sendPkg(d);
        });
        UdpEndpoint endpoint = echoEndpoint(server);
        ClientRecorder recorder = new ClientRecorder();
        UdpClient client = UdpClient.builder().remoteAddress(HOST, endpoint.port()).connectionNumber(3)
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try {
            get(client.connectFuture());
            await("three sessions open", () -> client.sessions().size() == 3);
            for (Session s : client.sessions()) {
                assertThat(s.remoteAddress()).isEqualTo(endpoint.localAddress());
                s.writePkg(buffer("hello " + s.id()));
            }
            var expected = new CopyOnWriteArrayList<String>();
            for (Session s : client.sessions()) {
                expected.add(s.id() + ":hello " + s.id());
            }
            for (int i = 0; i < 3; i++) {
                assertThat(recorder.received.poll(10, TimeUnit.SECONDS)).isIn(expected);
            }
            assertThat(senders).hasSize(3); // three sockets, three source ports
            assertThat(recorder.errors).isEmpty();
        } finally {
            closeAll(client, endpoint);
        }
        assertThat(recorder.closed).hasValue(3);
        assertThat(client.sessions()).isEmpty();
    }

    @Test
    void writeBytesAndDatagramsToTheServerLeaveAsOneDatagramEach() throws Exception {
        BlockingQueue<String> atServer = new LinkedBlockingQueue<>();
        UdpEndpoint endpoint = echoEndpoint(new DatagramRecorder((s, d) -> atServer.add(string(d.content()))));
        ClientRecorder recorder = new ClientRecorder();
        UdpClient client = UdpClient.builder().remoteAddress(HOST, endpoint.port())
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try {
            Session s = get(client.connectFuture());
            get(s.writeBytes(UdpTestSupport.utf8("bytes")).toCompletableFuture());
            get(s.writeBytesArray(UdpTestSupport.utf8("two "), UdpTestSupport.utf8("arrays")).toCompletableFuture());
            get(s.writePkg(Datagram.of(buffer("addressed"), (InetSocketAddress) endpoint.localAddress()))
                    .toCompletableFuture());
            WriteFuture elsewhere = s.writePkg(Datagram.of(buffer("elsewhere"), new InetSocketAddress(HOST, 9)));
            assertThatThrownBy(() -> get(elsewhere.toCompletableFuture())).hasCauseInstanceOf(EncodeException.class)
                    .hasRootCauseMessage("this socket is connected to " + endpoint.localAddress()
                            + " and cannot send to " + new InetSocketAddress(HOST, 9));
            assertThat(atServer.poll(10, TimeUnit.SECONDS)).isEqualTo("bytes");
            assertThat(atServer.poll(10, TimeUnit.SECONDS)).isEqualTo("two arrays");
            assertThat(atServer.poll(10, TimeUnit.SECONDS)).isEqualTo("addressed");
            assertThat(s.isClosed()).isFalse();
        } finally {
            closeAll(client, endpoint);
        }
    }

    @Test
    void aClientThatCannotConnectFailsItsConnectFuture() throws Exception {
        ClientRecorder recorder = new ClientRecorder();
        // Port 0 is no destination: the connect is refused before any datagram is sent.
        UdpClient client = UdpClient.builder().remoteAddress(HOST, 0)
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try {
            assertThat(client.connectFuture()).failsWithin(10, TimeUnit.SECONDS);
            assertThat(recorder.opened).isEmpty();
        } finally {
            closeAll(client);
        }
    }
}
