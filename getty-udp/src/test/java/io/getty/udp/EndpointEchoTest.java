package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.await;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static io.getty.udp.UdpTestSupport.endpoint;
import static io.getty.udp.UdpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import io.getty.udp.UdpTestSupport.Peer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An endpoint is one session that serves every peer: each datagram with its sender, each reply to its peer. */
@Timeout(60)
class EndpointEchoTest {

    @Test
    void echoesEachDatagramToItsSender() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer a = new Peer(); Peer b = new Peer()) {
            Session session = get(endpoint.openFuture());
            assertThat(session.localAddress()).isEqualTo(endpoint.localAddress());
            assertThat(session.remoteAddress()).isNull();
            for (int i = 0; i < 20; i++) {
                a.send("a" + i, endpoint.port());
                b.send("b" + i, endpoint.port());
            }
            for (int i = 0; i < 20; i++) {
                assertThat(a.receiveString()).isEqualTo("a" + i);
                assertThat(b.receiveString()).isEqualTo("b" + i);
            }
            assertThat(endpoint.sessions()).containsExactly(session);
            assertThat(endpoint.sessionCount()).isEqualTo(1);
            assertThat(session.stats().packetsRead()).isEqualTo(40);
            await("40 echoes in the kernel", () -> session.stats().bytesWritten() == session.stats().bytesRead());
            assertThat(session.stats().packetsWritten()).isEqualTo(40);
        } finally {
            closeAll(endpoint);
        }
        assertThat(recorder.events).containsExactly("open", "close");
        assertThat(endpoint.sessionCount()).isZero();
    }

    @Test
    void theListenerSeesEachSender() throws Exception {
        java.util.Map<String, InetSocketAddress> senders = new java.util.concurrent.ConcurrentHashMap<>();
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> senders.put(UdpTestSupport.string(d.content()), d.peer()));
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer a = new Peer(); Peer b = new Peer()) {
            a.send("from a", endpoint.port());
            b.send("from b", endpoint.port());
            await("both datagrams", () -> senders.size() == 2);
            assertThat(senders).containsEntry("from a", a.address()).containsEntry("from b", b.address());
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void largeDatagramsAndDatagramsAcrossOutputChunksLeaveWhole() throws Exception {
        // Each request makes the listener write a burst of datagrams back to back into 16 KiB output chunks: some
        // start in one chunk and end in the next, the largest span several; each must still leave as itself. A
        // burst is under 100 KB, so that even a peer whose receive buffer is capped at the usual 208 KiB
        // (net.core.rmem_max) holds it all.
        Random random = new Random(7);
        int[] sizes = {700, 700, 700, 30_000, 1, 16_384, 16_385, 9_999, 700, 20_000};
        byte[][] payloads = new byte[sizes.length][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[sizes[i]];
            random.nextBytes(payloads[i]);
        }
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
            for (byte[] p : payloads) {
                s.sendPkg(Datagram.of(ByteBuffer.wrap(p), d.peer()));
            }
        });
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer peer = new Peer()) {
            peer.socket.setReceiveBufferSize(1 << 20);
            for (int round = 0; round < 3; round++) {
                peer.send("go", endpoint.port());
                for (byte[] p : payloads) {
                    byte[] got = peer.receive();
                    assertThat(got.length).isEqualTo(p.length);
                    assertThat(Arrays.equals(got, p)).as("a datagram of %d bytes", p.length).isTrue();
                }
            }
        } finally {
            closeAll(endpoint);
        }
    }
}
