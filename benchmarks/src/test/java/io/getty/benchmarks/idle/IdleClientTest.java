package io.getty.benchmarks.idle;

import io.getty.benchmarks.bare.BareEchoServer;
import io.getty.benchmarks.support.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IdleClientTest {

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        Threads.assertNoneLeft();
    }

    @Test
    void holdsTwoHundredConnectionsUntilStopped() throws Exception {
        try (BareEchoServer server = BareEchoServer.start("127.0.0.1", 0, 1)) {
            IdleClient client = new IdleClient(new IdleOptions("127.0.0.1", server.localAddress().getPort(), 200, 64, 5000));
            CountDownLatch connected = new CountDownLatch(1);
            int[] reported = new int[1];
            CompletableFuture<IdleResult> result = runInThread(client, count -> {
                reported[0] = count;
                connected.countDown();
            });

            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported[0]).isEqualTo(200);
            // Each connection was proven served by its echo, so the server already counts all of them.
            assertThat(server.connectionCount()).isEqualTo(200);
            Thread.sleep(200);
            assertThat(result).isNotDone();

            client.stop();
            IdleResult r = result.get(5, TimeUnit.SECONDS);
            assertThat(r.ok()).as(String.valueOf(r.reason())).isTrue();
            assertThat(r.connected()).isEqualTo(200);
            awaitCount(server, 0);
        }
    }

    @Test
    void serverClosingAConnectionFailsTheRun() throws Exception {
        BareEchoServer server = BareEchoServer.start("127.0.0.1", 0, 1);
        IdleClient client = new IdleClient(IdleOptions.of(server.localAddress().getPort(), 20));
        CountDownLatch connected = new CountDownLatch(1);
        CompletableFuture<IdleResult> result = runInThread(client, count -> connected.countDown());
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();

        server.close();
        IdleResult r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.reason()).matches("connection \\d+: (closed by the server|reset .*)");
    }

    @Test
    void refusedConnectFails() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IdleResult r = new IdleClient(IdleOptions.of(port, 3)).run(count -> { });
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.reason()).matches("connection \\d: connect to .* failed: Connection refused");
    }

    private static CompletableFuture<IdleResult> runInThread(IdleClient client, java.util.function.IntConsumer onConnected) {
        CompletableFuture<IdleResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(client.run(onConnected)), "idle-test-client");
        t.start();
        return result;
    }

    private static void awaitCount(BareEchoServer server, int expected) throws InterruptedException {
        for (int i = 0; i < 100 && server.connectionCount() != expected; i++) {
            Thread.sleep(20);
        }
        assertThat(server.connectionCount()).isEqualTo(expected);
    }
}
