package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.closeGroup;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.spin;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code TcpClient.close()} at any moment of the connect: every future of the client completes. */
@Timeout(60)
class ClientCloseRaceTest {
    private static final int ROUNDS = 400;
    /** Closes land from 0 to this many microseconds after {@code start()}: a loopback connect takes tens of them. */
    private static final int MAX_DELAY_MICROS = 600;

    // issue 12, defect 7: a close racing a successful connect left connectFuture() incomplete forever
    @Test
    void closingAClientAtAnyMomentOfItsConnectCompletesItsConnectFuture() throws Exception {
        TcpServer server = server().threads(1).onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        EventLoopGroup clientLoops = EventLoopGroup.create(1); // shared, so that a round costs no thread start
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long delayMicros = (round * 7919L) % MAX_DELAY_MICROS; // scattered over the range
                TcpClient client = TcpClient.builder().remoteAddress(server.localAddress()).loopGroup(clientLoops)
                        .onNewSession(s -> s.codec(CODEC).listener(new Recorder()))
                        .start();
                spin(delayMicros * 1000);
                client.close();
                client.closeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                CompletableFuture<Session> connect = client.connectFuture();
                try {
                    connect.get(2, TimeUnit.SECONDS); // connected, then closed: fine
                } catch (ExecutionException failed) {
                    // the close won: fine too
                } catch (TimeoutException e) {
                    throw new AssertionError("round " + round + " (close " + delayMicros + " µs after start): "
                            + "closeFuture() completed, but connectFuture() was still not done 2 s later");
                }
            }
        } finally {
            closeAll(server);
            closeGroup(clientLoops);
        }
    }
}
