package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read timeout and the idle time: what counts as a session being idle. */
@Timeout(60)
class TimeoutsTest {

    // issue 12, defect 8: pauseReading() with a read timeout was reported as a ReadTimeoutException
    @Test
    void aSessionWhoseReadingIsPausedByItsListenerIsNotTimedOutForReading() throws Exception {
        Duration readTimeout = Duration.ofMillis(300);
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .readTimeout(readTimeout)
                .onNewSession(accepted.initializer(() -> new Recorder() {
                    @Override
                    public void onOpen(Session s) {
                        super.onOpen(s);
                        s.pauseReading(); // getty's own backpressure, as an echo server uses it
                    }
                }))
                .start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.of(client);
            Session s = get(r.opened);
            int sent = 0;
            try {
                for (; sent < 60; sent++) { // 1.5 s of traffic: five read timeouts while paused
                    client.send("tick " + sent);
                    Thread.sleep(25);
                }
            } catch (IOException closedByServer) {
                // reported below with the session's events
            }
            assertThat(r.errors).as("errors of a session paused by its listener while its peer sends").isEmpty();
            assertThat(s.isClosed()).isFalse();
            s.resumeReading();
            for (int i = 0; i < sent; i++) {
                assertThat(client.receiveString()).isEqualTo("tick " + i);
            }
        } finally {
            closeAll(server);
        }
    }

    // issue 12, defect 9: idleTime() in onOpen was the time the session's loop had been idle
    @Test
    void idleTimeInOnOpenIsAboutZeroEvenOnALoopThatWasIdleForLong() throws Exception {
        Map<Integer, Duration> idleInOnOpen = new ConcurrentHashMap<>();
        Accepted accepted = new Accepted();
        TcpServer server = server() // two loops: the accepting one, and one that nothing wakes up
                .onNewSession(accepted.initializer(() -> new Recorder() {
                    @Override
                    public void onOpen(Session s) {
                        idleInOnOpen.put(((java.net.InetSocketAddress) s.remoteAddress()).getPort(), s.idleTime());
                        super.onOpen(s);
                    }
                }))
                .start();
        try {
            Thread.sleep(2000); // both loops idle: nothing is connected yet
            for (int i = 0; i < 2; i++) { // one session per loop
                try (FrameClient client = FrameClient.connect(server.port())) {
                    assertThat(client.echo("hi")).isEqualTo("hi");
                    Duration idle = idleInOnOpen.get(client.socket.getLocalPort());
                    assertThat(idle).as("idleTime() in onOpen of connection %d", i)
                            .isLessThan(Duration.ofMillis(1000));
                }
            }
        } finally {
            closeAll(server);
        }
    }
}
