package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.ConnectionListener;
import io.getty.core.Reconnect;
import io.getty.core.Session;
import io.getty.core.WriteFuture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that keeps N sessions: it connects them all, replaces the lost ones, backs off, and stops when closed. */
@Timeout(60)
class ReconnectingClientTest {

    /** Counts what the client's connection listener hears. */
    private static final class Connections implements ConnectionListener {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger disconnected = new AtomicInteger();
        final List<Integer> failures = new CopyOnWriteArrayList<>();
        final List<Boolean> givingUp = new CopyOnWriteArrayList<>();

        @Override
        public void connected(Session session) {
            connected.incrementAndGet();
        }

        @Override
        public void disconnected(Session session) {
            disconnected.incrementAndGet();
        }

        @Override
        public void connectFailed(Throwable cause, int failuresInARow, boolean givingUpNow) {
            failures.add(failuresInARow);
            givingUp.add(givingUpNow);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    private static TcpServer echoServer(int port) {
        return TcpTestSupport.newServer().bind(HOST, port).threads(1)
                .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder())).start();
    }

    @Test
    void aServerStoppedAndStartedAgainGetsAllFourSessionsBackAndNoWriteHangs() throws Exception {
        int port = freePort();
        TcpServer first = echoServer(port);
        Connections connections = new Connections();
        TcpClient client = TcpTestSupport.newClient().remoteAddress(HOST, port).threads(2)
                .connectionNumber(4)
                .reconnect(Reconnect.every(Duration.ofMillis(50)).withMaxInterval(Duration.ofMillis(200)))
                .connectionListener(connections)
                .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder()))
                .start();
        TcpServer second = null;
        try {
            get(client.connectFuture());
            await("4 sessions", () -> client.sessions().size() == 4 && first.sessionCount() == 4);
            assertThat(connections.connected.get()).isEqualTo(4);

            // Writes in flight while the server goes away: each future completes, one way or the other.
            List<WriteFuture> writes = new ArrayList<>();
            for (Session s : client.sessions()) {
                for (int i = 0; i < 100; i++) {
                    writes.add(s.writePkg(buffer("message " + i)));
                }
            }
            first.close();
            first.closeFuture().get(10, TimeUnit.SECONDS);
            for (WriteFuture w : writes) {
                w.toCompletableFuture().handle((ok, error) -> null).get(10, TimeUnit.SECONDS);
            }
            await("all 4 lost", () -> connections.disconnected.get() == 4);
            await("failed attempts while the server is down", () -> connections.failures.size() >= 4);
            assertThat(connections.givingUp).doesNotContain(true);

            second = echoServer(port);
            TcpServer again = second;
            await("4 sessions again", () -> client.sessions().size() == 4 && again.sessionCount() == 4);
            assertThat(connections.connected.get()).isEqualTo(8);
            for (Session s : client.sessions()) {
                assertThat(s.writePkg(buffer("back")).toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
            }

            client.close();
            client.closeFuture().get(10, TimeUnit.SECONDS);
            await("the server sees the client go", () -> again.sessionCount() == 0);
            Thread.sleep(400); // past two reconnect waits: a client that still reconnected would show now
            assertThat(again.sessionCount()).as("no reconnection after the client closed").isZero();
        } finally {
            closeAll(client, first, second);
        }
    }

    @Test
    void aClientGivesUpAfterItsMaxAttemptsAndSaysSo() throws Exception {
        int port = freePort(); // nothing listens there
        Connections connections = new Connections();
        TcpClient client = TcpTestSupport.newClient().remoteAddress(HOST, port).threads(1)
                .reconnect(Reconnect.every(Duration.ofMillis(20)).withMaxAttempts(3))
                .connectionListener(connections)
                .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder()))
                .start();
        try {
            assertThatThrownBy(() -> get(client.connectFuture())).hasCauseInstanceOf(java.net.ConnectException.class);
            await("three attempts", () -> connections.failures.size() == 3);
            Thread.sleep(200);
            assertThat(connections.failures).containsExactly(1, 2, 3);
            assertThat(connections.givingUp).containsExactly(false, false, true);
        } finally {
            closeAll(client);
        }
    }

    @Test
    void withoutReconnectionALostSessionIsNotReplaced() throws Exception {
        int port = freePort();
        TcpServer server = echoServer(port);
        Connections connections = new Connections();
        TcpClient client = TcpTestSupport.newClient().remoteAddress(new InetSocketAddress(HOST, port)).threads(1)
                .reconnect(Reconnect.never())
                .connectionListener(connections)
                .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder()))
                .start();
        try {
            Session s = get(client.connectFuture());
            s.close();
            await("lost", () -> connections.disconnected.get() == 1);
            Thread.sleep(1000); // over three times the default reconnect interval, which must not apply here
            assertThat(client.sessions()).isEmpty();
            assertThat(connections.connected.get()).isEqualTo(1);
        } finally {
            closeAll(client, server);
        }
    }

    @Test
    void theWaitDoublesUpToItsCapAndJitterOnlyShortensIt() {
        Reconnect r = Reconnect.every(Duration.ofMillis(100)).withMaxInterval(Duration.ofMillis(1000)).withJitter(0.5);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.delayNanos(1)).isBetween(50_000_000L, 100_000_000L);
            assertThat(r.delayNanos(2)).isBetween(100_000_000L, 200_000_000L);
            assertThat(r.delayNanos(4)).isBetween(400_000_000L, 800_000_000L);
            assertThat(r.delayNanos(5)).isBetween(500_000_000L, 1_000_000_000L);
            assertThat(r.delayNanos(1000)).isBetween(500_000_000L, 1_000_000_000L);
        }
        assertThat(Reconnect.DEFAULT.interval()).isEqualTo(Duration.ofMillis(300));
        assertThat(Reconnect.never().retries(0)).isFalse();
        assertThat(Reconnect.DEFAULT.withMaxAttempts(2).retries(1)).isTrue();
        assertThat(Reconnect.DEFAULT.withMaxAttempts(2).retries(2)).isFalse();
        assertThatThrownBy(() -> Reconnect.every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reconnect.DEFAULT.withJitter(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reconnect.DEFAULT.withMaxInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
