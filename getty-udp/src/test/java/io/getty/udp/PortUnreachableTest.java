package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.HOST;
import static io.getty.udp.UdpTestSupport.WAIT;
import static io.getty.udp.UdpTestSupport.buffer;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.deadPort;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static io.getty.udp.UdpTestSupport.endpoint;
import static io.getty.udp.UdpTestSupport.get;
import static io.getty.udp.UdpTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import io.getty.udp.UdpTestSupport.Peer;
import io.getty.core.internal.loop.LoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that is gone: the kernel answers a connected client's datagrams with ICMP port unreachable, which it
 * reports on the socket. The client hears of it once per outage, without spinning; a bound endpoint is never
 * closed by it.
 */
@Timeout(60)
class PortUnreachableTest {

    private static final class ClientListener implements EventListener<ByteBuffer> {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Session s, ByteBuffer pkg) {
            received.add(string(pkg));
        }

        @Override
        public void onError(Session s, Throwable cause) {
            errors.add(cause);
        }
    }

    @Test
    void aConnectedClientHearsOnceThatTheServerIsGoneAndAgainAfterItCameBackAndWentAgain() throws Exception {
        int port = deadPort();
        ClientListener listener = new ClientListener();
        EventLoopGroup group = EventLoopGroup.create(1);
        UdpClient client = UdpClient.builder().remoteAddress(HOST, port).loopGroup(group)
                .onNewSession(s -> s.codec(CODEC).listener(listener)).start();
        UdpEndpoint server = null;
        try {
            Session session = get(client.connectFuture());
            // Each datagram to the dead port comes back as an ICMP error, reported at the next receive or send.
            for (int i = 0; i < 20; i++) {
                session.writePkg(buffer("anyone? " + i));
            }
            UdpTestSupport.await("the port unreachable", () -> !listener.errors.isEmpty());
            assertThat(listener.errors.get(0)).isInstanceOf(PortUnreachableException.class);

            // The server comes back on that port: the session, still open, gets its answer. Every ICMP error of the
            // datagrams above arrived before this echo, so all of them have been handled by now.
            server = endpoint().bind(HOST, port).onNewSession(s -> s.codec(CODEC).listener(new DatagramRecorder()))
                    .start();
            get(server.openFuture());
            session.writePkg(buffer("back?"));
            assertThat(listener.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("back?");
            assertThat(listener.errors).hasSize(1); // twenty ICMP errors, one report
            assertThat(session.isClosed()).isFalse();

            // Gone again: a new outage is reported again, once.
            closeAll(server);
            server = null;
            for (int i = 0; i < 20; i++) {
                session.writePkg(buffer("and now? " + i));
            }
            UdpTestSupport.await("the second port unreachable", () -> listener.errors.size() == 2);
            assertThat(listener.errors.get(1)).isInstanceOf(PortUnreachableException.class);
            assertNoBusyLoop(group);
            assertThat(listener.errors).hasSize(2);
            assertThat(session.isClosed()).isFalse();
        } finally {
            closeAll(client, server);
            group.close();
        }
    }

    /**
     * The loop of the client whose server is gone is idle: over a second of wall-clock time it uses well under
     * a quarter of a second of CPU (a loop spinning on the socket's error would use nearly all of a core). The
     * loop thread's CPU time is read from /proc (Linux; elsewhere this check is skipped).
     */
    private static void assertNoBusyLoop(EventLoopGroup group) throws Exception {
        CompletableFuture<Path> stat = new CompletableFuture<>();
        LoopGroup.of(group).loop(0).execute(() -> {
            try {
                // /proc/thread-self links to <pid>/task/<tid> of the calling thread.
                stat.complete(Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")))
                        .resolve("stat"));
            } catch (Exception e) {
                stat.completeExceptionally(e);
            }
        });
        Path loopStat;
        try {
            loopStat = get(stat);
        } catch (java.util.concurrent.ExecutionException e) {
            Assumptions.abort("no /proc/thread-self to read the loop thread's CPU time from: " + e.getCause());
            return;
        }
        long before = cpuTicks(loopStat);
        Thread.sleep(1000);
        long ticks = cpuTicks(loopStat) - before; // clock ticks: 100 per second on Linux
        assertThat(ticks).as("CPU clock ticks (1/100 s) of the client's loop over 1 s of wall-clock time")
                .isLessThan(25);
    }

    /** utime + stime (fields 14 and 15) of a /proc stat file. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Test
    void aBoundEndpointThatSendsToADeadPortGoesOnServing() throws Exception {
        int dead = deadPort();
        DatagramRecorder recorder = new DatagramRecorder((s, d) -> {
            s.sendPkg(Datagram.of(d.content(), new InetSocketAddress(HOST, dead))); // to nobody
            s.sendPkg(d);
        });
        UdpEndpoint endpoint = echoEndpoint(recorder);
        try (Peer peer = new Peer()) {
            for (int i = 0; i < 10; i++) {
                assertThat(peer.echo("ping " + i, endpoint.port())).isEqualTo("ping " + i);
            }
            assertThat(endpoint.sessions()).hasSize(1);
            assertThat(recorder.errors).isEmpty(); // an unconnected socket hears of no ICMP error
        } finally {
            closeAll(endpoint);
        }
    }
}
