package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After everything is closed, nothing is left: no getty thread, no open descriptor. */
@Timeout(60)
class ShutdownTest {

    /**
     * Servers and clients on their own groups and on a shared one, plain peers, a session with unsent output
     * and a client whose connect failed; all used, then all closed (each close twice).
     */
    private static void useAndCloseEverything() throws Exception {
        EventLoopGroup shared = EventLoopGroup.builder().threads(2).build();
        Accepted acceptedA = new Accepted();
        TcpServer ownGroupServer = server()
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * 1024)) // not auto-tuned: output backs up
                .onNewSession(acceptedA.initializer(Recorder::new)).start();
        TcpServer sharedGroupServer = server().loopGroup(shared)
                .onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        Recorder c1 = new Recorder();
        Recorder c2 = new Recorder();
        TcpClient ownGroupClient = TcpTestSupport.newClient().remoteAddress(sharedGroupServer.localAddress()).threads(1)
                .onNewSession(s -> s.codec(CODEC).listener(c1)).start();
        TcpClient sharedGroupClient = TcpTestSupport.newClient().remoteAddress(ownGroupServer.localAddress()).loopGroup(shared)
                .onNewSession(s -> s.codec(CODEC).listener(c2)).start();
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName(TcpTestSupport.HOST))) {
            closedPort = probe.getLocalPort();
        }
        TcpClient refused = TcpTestSupport.newClient().remoteAddress(new InetSocketAddress(TcpTestSupport.HOST, closedPort))
                .threads(1).onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        List<FrameClient> plain = new ArrayList<>();
        try {
            for (TcpClient client : List.of(ownGroupClient, sharedGroupClient)) {
                Session s = get(client.connectFuture());
                s.writePkg(buffer("hello"));
            }
            assertThat(c1.received.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(c2.received.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(refused.connectFuture()).failsWithin(Duration.ofSeconds(10));
            for (TcpServer server : List.of(ownGroupServer, sharedGroupServer)) {
                FrameClient c = FrameClient.connect(server.port());
                plain.add(c);
                assertThat(c.echo("x")).isEqualTo("x");
            }
            // A session that still has output queued when everything shuts down.
            FrameClient lazy = FrameClient.connect(ownGroupServer.port(), 64 * 1024);
            plain.add(lazy);
            Session stuck = get(acceptedA.of(lazy).opened);
            WriteFuture last = null;
            byte[] noise = new byte[64 * 1024]; // incompressible: the suite also runs with deflate under the sessions
            new java.util.Random(7).nextBytes(noise);
            for (int i = 0; i < 32; i++) { // 2 MiB: more than the kernel takes, less than the write buffer limit
                last = stuck.writePkg(ByteBuffer.wrap(noise));
            }
            WriteFuture unsent = last;
            await("output pending", () -> stuck.pendingWriteBytes() > 0);

            ownGroupClient.close();
            sharedGroupClient.close();
            refused.close();
            ownGroupServer.close();
            sharedGroupServer.close();
            // Twice: idempotent.
            for (io.getty.core.EndPoint e : List.of(ownGroupClient, sharedGroupClient, refused, ownGroupServer, sharedGroupServer)) {
                e.close();
                assertThat(e.isClosed()).isTrue();
            }
            // The stuck session's graceful close waits for its peer; closing the group ends it.
            shared.close();
            shared.close();
            assertThat(shared.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(shared.isClosed()).isTrue();
            for (io.getty.core.EndPoint e : List.of(ownGroupClient, sharedGroupClient, refused, sharedGroupServer)) {
                e.closeFuture().get(10, TimeUnit.SECONDS);
            }
            ownGroupServer.loopGroup().close(); // the peer never reads: do not wait for the graceful close
            assertThat(ownGroupServer.loopGroup().awaitTermination(Duration.ofSeconds(10))).isTrue();
            ownGroupServer.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(unsent.toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(SessionClosedException.class);
            for (io.getty.core.EndPoint e : List.of(ownGroupClient, refused, ownGroupServer)) {
                assertThat(e.loopGroup().awaitTermination(Duration.ofSeconds(10))).as("own group of %s", e).isTrue();
            }
            assertThat(c1.closes.get()).isEqualTo(1);
            assertThat(c2.closes.get()).isEqualTo(1);
        } finally {
            for (FrameClient c : plain) {
                c.close();
            }
        }
    }

    @Test
    void noThreadAndNoDescriptorIsLeftAfterEverythingIsClosed() throws Exception {
        useAndCloseEverything(); // warm-up: classes loaded, jars opened, so that they do not count below
        await("warm-up threads gone", Duration.ofSeconds(5), () -> TcpTestSupport.threadsNamed("getty-").isEmpty());
        int before = TcpTestSupport.openFileDescriptors();

        useAndCloseEverything();

        await("no getty-* thread alive", Duration.ofSeconds(5), () -> TcpTestSupport.threadsNamed("getty-").isEmpty());
        if (before >= 0) {
            int[] after = {-1};
            try {
                await("descriptors back to " + before, Duration.ofSeconds(5), () -> {
                    after[0] = TcpTestSupport.openFileDescriptors();
                    return after[0] == before;
                });
            } catch (AssertionError e) {
                throw new AssertionError(before + " descriptors open before, " + after[0] + " after", e);
            }
        }
    }

    @Test
    void closingAServerWhileConnectionsPourInLeaksNothing() throws Exception {
        for (int round = 0; round < 2; round++) { // the first round is a warm-up, as above
            int before = TcpTestSupport.openFileDescriptors();
            java.util.concurrent.atomic.AtomicInteger openedCount = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger closedCount = new java.util.concurrent.atomic.AtomicInteger();
            TcpServer server = server().onNewSession(s -> s.codec(CODEC).listener(new Recorder() {
                @Override
                public void onOpen(Session session) {
                    openedCount.incrementAndGet();
                }

                @Override
                public void onClose(Session session) {
                    closedCount.incrementAndGet();
                }
            })).start();
            int port = server.port();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> storm = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        try (java.net.Socket s = new java.net.Socket(TcpTestSupport.HOST, port)) {
                            RecordStreams.output(s).write(TcpTestSupport.frame(TcpTestSupport.utf8("hi")));
                        } catch (java.io.IOException refusedOnceClosed) {
                            // expected once the server is closed
                        }
                    }
                }, "storm-" + t);
                th.start();
                storm.add(th);
            }
            Thread.sleep(200);
            server.close();
            server.closeFuture().get(10, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread th : storm) {
                th.join(10_000);
            }
            assertThat(openedCount.get()).as("sessions opened during the storm").isPositive();
            assertThat(closedCount.get()).as("every opened session closed once").isEqualTo(openedCount.get());
            assertThat(server.sessionCount()).isZero();
            await("no getty-* thread alive", Duration.ofSeconds(5), () -> TcpTestSupport.threadsNamed("getty-").isEmpty());
            if (round == 1 && before >= 0) {
                await("descriptors back to " + before, Duration.ofSeconds(5), () -> TcpTestSupport.openFileDescriptors() == before);
            }
        }
    }

    @Test
    void closingASharedGroupClosesItsSessionsOnceAndStopsTheEndPointsOnIt() throws Exception {
        EventLoopGroup group = EventLoopGroup.create(2);
        Accepted accepted = new Accepted();
        TcpServer server = server().loopGroup(group).onNewSession(accepted.initializer(Recorder::new)).start();
        Recorder clientSide = new Recorder();
        TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress()).loopGroup(group)
                .onNewSession(s -> s.codec(CODEC).listener(clientSide)).start();
        Session session = get(client.connectFuture());
        try (FrameClient plain = FrameClient.connect(server.port())) {
            assertThat(plain.echo("x")).isEqualTo("x");
            group.close();
            assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
            server.closeFuture().get(10, TimeUnit.SECONDS); // the acceptor's loop stopped: the server closed itself
            assertThat(server.isClosed()).isTrue();
            assertThat(session.isClosed()).isTrue();
            assertThat(session.writePkg(buffer("late")).cause()).isInstanceOf(SessionClosedException.class);
            assertThat(plain.closedByPeer()).isTrue();
            await("every server session closed", () -> accepted.all.size() == 2
                    && accepted.all.stream().allMatch(r -> r.closes.get() == 1));
            await("the client session closed", () -> clientSide.closes.get() == 1);
            Thread.sleep(50);
            for (Recorder r : accepted.all) {
                assertThat(r.closes.get()).isEqualTo(1);
            }
            assertThat(clientSide.closes.get()).isEqualTo(1);
        } finally {
            client.close();
            server.close();
            client.closeFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
