package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.getty.core.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a client's connect fails: refused, or timed out. Loopback only. */
@Timeout(60)
class TcpClientConnectTest {

    @Test
    void aRefusedConnectFailsTheConnectFutureWithConnectException() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = probe.getLocalPort(); // free, and nothing listens once the probe is closed
        }
        TcpClient client = TcpTestSupport.newClient().remoteAddress(HOST, port).threads(1)
                .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder())).start();
        try {
            assertThat(client.connectFuture()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(ConnectException.class);
            assertThat(client.sessions()).isEmpty();
        } finally {
            client.close();
            client.close();
            client.closeFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(client.loopGroup().awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    /**
     * A listener with a backlog of 1 that never accepts: once its accept queue is full, Linux drops new SYNs,
     * so a connect neither succeeds nor is refused. If this kernel answers otherwise (tcp_abort_on_overflow,
     * another OS), the test is skipped: loopback offers no other reliable way to make a connect hang.
     */
    /**
     * Fills the accept queue of a listener with a backlog of 1 that never accepts, until a connect hangs (Linux
     * then drops new SYNs). Returns false, having skipped the test, where the kernel answers otherwise
     * (tcp_abort_on_overflow, another OS): loopback offers no other reliable way to make a connect hang.
     */
    private static void fillAcceptQueue(InetSocketAddress address, List<SocketChannel> fillers) throws Exception {
        boolean hanging = false;
        for (int i = 0; i < 8 && !hanging; i++) {
            SocketChannel c = SocketChannel.open();
            fillers.add(c);
            c.configureBlocking(false);
            if (c.connect(address)) {
                continue;
            }
            long until = System.nanoTime() + 300_000_000L;
            boolean connected = false;
            try {
                while (!(connected = c.finishConnect()) && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
            } catch (java.io.IOException refusedOrReset) {
                break;
            }
            hanging = !connected;
        }
        assumeTrue(hanging, "this kernel does not leave a connect to a full accept queue hanging");
    }

    @Test
    void aConnectThatDoesNotCompleteInTimeFailsWithConnectTimeout() throws Exception {
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(HOST, 0), 1);
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            fillAcceptQueue(address, fillers);

            long start = System.nanoTime();
            TcpClient client = TcpTestSupport.newClient().remoteAddress(address).threads(1)
                    .connectTimeout(Duration.ofMillis(300))
                    .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder())).start();
            try {
                assertThat(client.connectFuture()).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(ConnectTimeoutException.class);
                assertThat((System.nanoTime() - start) / 1_000_000).as("not before the timeout").isGreaterThanOrEqualTo(300);
            } finally {
                client.close();
                client.closeFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void closingAClientWhileItConnectsFailsTheConnectAndStopsItsLoops() throws Exception {
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(HOST, 0), 1);
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            fillAcceptQueue(address, fillers);

            TcpClient client = TcpTestSupport.newClient().remoteAddress(address).threads(1)
                    .connectTimeout(Duration.ofSeconds(30))
                    .onNewSession(s -> s.codec(CODEC).listener(new TcpTestSupport.Recorder())).start();
            Thread.sleep(100); // the connect is under way
            assertThat(client.connectFuture()).isNotDone();
            client.close();
            assertThat(client.connectFuture()).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(io.getty.core.SessionClosedException.class);
            client.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(client.loopGroup().awaitTermination(Duration.ofSeconds(5))).isTrue();
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        TcpClient.Builder builder = TcpClient.builder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.connectionNumber(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.connectTimeout(Duration.ofDays(365 * 200)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> builder.onNewSession(s -> s.codec(CODEC, (x, m) -> { })).start())
                .as("no remote address").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remoteAddress");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.getty.core.Reconnect.DEFAULT.withMaxAttempts(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
