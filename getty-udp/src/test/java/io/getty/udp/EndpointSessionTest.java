package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.HOST;
import static io.getty.udp.UdpTestSupport.await;
import static io.getty.udp.UdpTestSupport.buffer;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static io.getty.udp.UdpTestSupport.endpoint;
import static io.getty.udp.UdpTestSupport.get;
import static io.getty.udp.UdpTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.EncodeException;
import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.ReadTimeoutException;
import io.getty.core.Session;
import io.getty.core.WaterMarks;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import io.getty.udp.UdpTestSupport.Peer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An endpoint's session has a TCP session's callbacks, options and close semantics. */
@Timeout(60)
class EndpointSessionTest {

    @Test
    void cronRunsAndClosingTheSessionClosesTheEndpoint() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> s.close());
        UdpEndpoint endpoint = endpoint().cronPeriod(Duration.ofMillis(20))
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try (Peer peer = new Peer()) {
            get(endpoint.openFuture());
            await("three crons", () -> recorder.crons.get() >= 3);
            peer.send("close, please", endpoint.port());
            get(endpoint.closeFuture());
            assertThat(endpoint.isClosed()).isTrue();
            assertThat(endpoint.sessionCount()).isZero();
            assertThat(recorder.events).containsExactly("open", "close");
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void closingTheEndpointSendsWhatWasAcceptedFirst() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> { });
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer peer = new Peer()) {
            Session session = get(endpoint.openFuture());
            List<WriteFuture> writes = new ArrayList<>();
            for (int i = 0; i < 50; i++) { // from this thread: queued for the loop
                writes.add(session.writePkg(Datagram.of(buffer("last words " + i), peer.address())));
            }
            endpoint.close();
            for (int i = 0; i < 50; i++) {
                assertThat(peer.receiveString()).isEqualTo("last words " + i);
            }
            get(endpoint.closeFuture());
            assertThat(writes).allMatch(WriteFuture::isSuccess);
            assertThat(session.writePkg(Datagram.of(buffer("too late"), peer.address())).cause())
                    .isInstanceOf(io.getty.core.SessionClosedException.class);
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void aReadTimeoutClosesTheEndpointLikeATcpSession() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = endpoint().readTimeout(Duration.ofMillis(100))
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try {
            assertThat(recorder.nextError()).isInstanceOf(ReadTimeoutException.class);
            get(endpoint.closeFuture());
            assertThat(recorder.events).containsExactly("open", "error:ReadTimeoutException", "close");
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void withAWorkerExecutorEachDatagramIsAValueThatOwnsItsBytes() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        List<Datagram<ByteBuffer>> kept = new CopyOnWriteArrayList<>();
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
            kept.add(d);
            s.sendPkg(d);
        });
        UdpEndpoint endpoint = endpoint().executor(workers).onNewSession(s -> s.codec(CODEC).listener(recorder))
                .start();
        try (Peer peer = new Peer()) {
            for (int i = 0; i < 100; i++) {
                peer.send("kept " + i, endpoint.port());
            }
            for (int i = 0; i < 100; i++) {
                assertThat(peer.receiveString()).isEqualTo("kept " + i);
            }
            assertThat(kept).hasSize(100).allMatch(d -> d instanceof UdpPacket<?>);
            for (int i = 0; i < 100; i++) {
                assertThat(string(kept.get(i).content())).isEqualTo("kept " + i); // still theirs, after the reads
                assertThat(kept.get(i).peer()).isEqualTo(peer.address());
            }
        } finally {
            closeAll(endpoint);
            workers.shutdown();
        }
    }

    @Test
    void aDatagramForwardedToAnotherLoopIsCopiedBeforeTheLoopReusesIt() throws Exception {
        // A receives on its loop and hands each datagram, as it got it, to B on another group's loop, which sends it
        // to the datagram's sender. Without a copy, the loop would re-point A's datagram (and its bytes) at the next
        // datagram before B's loop encodes it.
        EventLoopGroup other = EventLoopGroup.create(1);
        DatagramRecorder atB = new DatagramRecorder((s, d) -> { });
        UdpEndpoint b = endpoint().loopGroup(other).onNewSession(s -> s.codec(CODEC).listener(atB)).start();
        AtomicReference<Session> toB = new AtomicReference<>();
        UdpEndpoint a = echoEndpoint(new DatagramRecorder((s, d) -> toB.get().sendPkg(d)));
        try (Peer peer = new Peer()) {
            toB.set(get(b.openFuture()));
            for (int round = 0; round < 10; round++) { // bursts of 50: the peer's receive buffer holds them all
                for (int i = 0; i < 50; i++) {
                    peer.send("forwarded " + round + "." + i, a.port());
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(peer.receiveString()).isEqualTo("forwarded " + round + "." + i);
                }
            }
        } finally {
            closeAll(a, b);
            other.close();
        }
    }

    @Test
    void writesThatNameNoUsablePeerFailAloneAndTheEndpointGoesOn() throws Exception {
        AtomicReference<Session> session = new AtomicReference<>();
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
            s.sendPkg(buffer("no peer")); // a sendPkg that cannot be sent: onError, and the endpoint goes on
            s.sendPkg(d);
        });
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer peer = new Peer()) {
            Session s = get(endpoint.openFuture());
            session.set(s);
            assertThatThrownBy(() -> get(s.writeBytes(new byte[] {1}).toCompletableFuture()))
                    .hasCauseInstanceOf(EncodeException.class).hasRootCauseMessage("an endpoint sends each packet to "
                            + "a peer: write a Datagram (Datagram.of(content, peer)), not a [B");
            assertThatThrownBy(() -> get(s.writePkg(Datagram.of(buffer("v6"), new InetSocketAddress("::1", 9)))
                    .toCompletableFuture())).hasCauseInstanceOf(EncodeException.class)
                    .getRootCause().hasMessageContaining("bound to IPv4");
            assertThatThrownBy(() -> get(s.writePkg(Datagram.of(buffer("?"),
                    InetSocketAddress.createUnresolved("nowhere.invalid", 9))).toCompletableFuture()))
                    .hasCauseInstanceOf(EncodeException.class);
            assertThat(peer.echo("still echoing", endpoint.port())).isEqualTo("still echoing");
            assertThat(recorder.nextError()).isInstanceOf(EncodeException.class);
            assertThat(endpoint.sessions()).containsExactly(s);
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void aDatagramTheKernelRefusesIsReportedAloneAndBroadcastIsAnOption() throws Exception {
        InetSocketAddress broadcast = new InetSocketAddress("255.255.255.255", 9); // the discard port
        for (boolean allowed : new boolean[] {false, true}) {
            DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
                if (!string(d.content()).equals("sync")) {
                    s.sendPkg(Datagram.of(buffer("to everyone"), broadcast));
                }
                s.sendPkg(d);
            });
            UdpEndpoint endpoint = UdpEndpoint.builder().bind(new InetSocketAddress("0.0.0.0", 0)).broadcast(allowed)
                    .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
            try (Peer peer = new Peer()) {
                assertThat(peer.echo("first", endpoint.port())).isEqualTo("first");
                assertThat(peer.echo("second", endpoint.port())).isEqualTo("second");
                // Errors are reported once the flush that met them is over: before the loop reads what comes next.
                assertThat(peer.echo("sync", endpoint.port())).isEqualTo("sync");
                if (allowed) {
                    assertThat(recorder.errors).as("errors with SO_BROADCAST on").allSatisfy(e -> assertThat(e)
                            .isInstanceOf(DatagramNotSentException.class).hasMessageNotContaining("Permission denied"));
                    org.junit.jupiter.api.Assumptions.assumeTrue(recorder.errors.isEmpty(),
                            "no route for a broadcast from this host: " + recorder.errors);
                } else {
                    assertThat(recorder.errors).hasSize(2).allSatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(DatagramNotSentException.class, n -> {
                                assertThat(n.peer()).isEqualTo(broadcast);
                                assertThat(n.length()).isEqualTo(11);
                            }).hasMessageContaining("Permission denied"));
                }
                assertThat(endpoint.sessions()).hasSize(1);
            } finally {
                closeAll(endpoint);
            }
        }
    }

    @Test
    void anEmptyDatagramArrivesAsAnEmptyPacketButIsNotSent() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer peer = new Peer()) {
            peer.send(new byte[0], endpoint.port());
            assertThat(recorder.received.take()).isEmpty();
            assertThat(recorder.nextError()).isInstanceOf(EncodeException.class)
                    .hasRootCauseMessage("the packet encoded to no bytes: empty datagrams are not sent");
            assertThat(peer.echo("next", endpoint.port())).isEqualTo("next");
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void theWriteBufferLimitAndWaterMarksCountTheBytesOfDatagramsWaitingForTheSocket() throws Exception {
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        List<Boolean> writability = new CopyOnWriteArrayList<>();
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
            for (int i = 0; i < 5; i++) { // 5 x 300 bytes, in one callback: none is sent before it returns
                WriteFuture f = s.writePkg(Datagram.of(ByteBuffer.allocate(300), d.peer()));
                outcomes.add(f.cause() == null ? "accepted" : f.cause());
            }
        }) {
            @Override
            public void onWritabilityChanged(Session s, boolean writable) {
                writability.add(writable);
            }
        };
        UdpEndpoint endpoint = endpoint().writeBufferLimit(1000).waterMarks(new WaterMarks(100, 500))
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        try (Peer peer = new Peer()) {
            peer.send("go", endpoint.port());
            for (int i = 0; i < 3; i++) {
                assertThat(peer.receive()).hasSize(300);
            }
            await("writable again", () -> writability.size() == 2);
            assertThat(writability).containsExactly(false, true);
            assertThat(outcomes).hasSize(5);
            assertThat(outcomes.subList(0, 3)).containsOnly("accepted");
            assertThat(outcomes.subList(3, 5)).allMatch(o -> o instanceof WriteBufferFullException);
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void anInitializerThatRefusesClosesTheEndpointAndABusyPortIsAClearError() throws Exception {
        UdpEndpoint refused = endpoint().onNewSession(s -> {
            throw new IllegalStateException("no (test)");
        }).start();
        assertThatThrownBy(() -> get(refused.openFuture())).hasRootCauseMessage("no (test)");
        get(refused.closeFuture());

        UdpEndpoint first = echoEndpoint(new DatagramRecorder());
        try {
            assertThatThrownBy(() -> endpoint().bind(HOST, first.port()).onNewSession(s -> s.codec(CODEC)
                    .listener(new DatagramRecorder())).start())
                    .isInstanceOf(GettyException.class).hasMessageContaining("could not bind");
        } finally {
            closeAll(first);
        }
    }
}
