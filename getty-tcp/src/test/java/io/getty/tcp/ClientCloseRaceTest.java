package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.closeGroup;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.spin;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code TcpClient.close()} at any moment of the connect: every future of the client completes. */
@Timeout(60)
class ClientCloseRaceTest {
    private static final int ROUNDS = 1000;
    /** Closes land from 0 to this many microseconds after {@code start()}: a loopback connect takes tens of them. */
    private static final int MAX_DELAY_MICROS = 600;

    /** Fails unless {@code connect} is done (either way) within 2 s: the client's closeFuture() has completed. */
    private static void assertDoneSoon(CompletableFuture<Session> connect, String when) throws InterruptedException {
        try {
            connect.get(2, TimeUnit.SECONDS); // connected, then closed: fine
        } catch (ExecutionException failed) {
            // the close won: fine too
        } catch (TimeoutException e) {
            throw new AssertionError(when + ": closeFuture() completed, but connectFuture() was still not done 2 s later");
        }
    }

    // issue 12, defect 7: a close during the initializer of a connected session left connectFuture() incomplete
    @Test
    void closingAClientWhileItsSessionIsBeingSetUpCompletesItsConnectFuture() throws Exception {
        TcpServer server = server().onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        CountDownLatch inInitializer = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress()).threads(1)
                .onNewSession(s -> {
                    inInitializer.countDown();
                    try {
                        closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // connected: the test closes now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    s.codec(CODEC).listener(new Recorder());
                })
                .start();
        try {
            assertThat(inInitializer.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            client.close();
            closed.countDown();
            client.closeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertDoneSoon(client.connectFuture(), "closed during the initializer");
        } finally {
            closed.countDown();
            closeAll(client, server);
        }
    }

    // issue 12, defect 7: a close racing a successful connect left connectFuture() incomplete forever
    @Test
    void closingAClientAtAnyMomentOfItsConnectCompletesItsConnectFuture() throws Exception {
        TcpServer server = server().threads(1).onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        EventLoopGroup clientLoops = EventLoopGroup.create(1); // shared, so that a round costs no thread start
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long delayMicros = (round * 7919L) % MAX_DELAY_MICROS; // scattered over the range
                TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress()).loopGroup(clientLoops)
                        .onNewSession(s -> s.codec(CODEC).listener(new Recorder()))
                        .start();
                spin(delayMicros * 1000);
                client.close();
                client.closeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertDoneSoon(client.connectFuture(), "round " + round + ", close " + delayMicros + " µs after start");
            }
        } finally {
            closeAll(server);
            closeGroup(clientLoops);
        }
    }
}
