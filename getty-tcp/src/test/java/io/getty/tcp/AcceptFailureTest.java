package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.anyLoopbackPort;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.core.SessionInitializer;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that fails while it is being accepted and set up costs that connection only: the server goes
 * on accepting. Every server here has one loop, so that each session is set up on the accepting loop.
 */
@Timeout(60)
class AcceptFailureTest {

    /** A one-loop server whose connection number {@code failing} (from 0) is set up by {@code bad}. */
    private static TcpServer oneLoopServer(int failing, SessionInitializer bad) {
        AtomicInteger n = new AtomicInteger();
        return TcpTestSupport.newServer().bind(anyLoopbackPort()).threads(1)
                .onNewSession(s -> {
                    if (n.getAndIncrement() == failing) {
                        bad.initialize(s);
                    } else {
                        s.codec(CODEC).listener(new Recorder());
                    }
                })
                .start();
    }

    private static void assertStillServing(TcpServer server) throws Exception {
        assertThat(server.isClosed()).as("the server is closed").isFalse();
        try (FrameClient fresh = FrameClient.connect(server.port())) {
            assertThat(fresh.echo("next client")).isEqualTo("next client");
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}, then closes {@code server}; a close that fails too does not hide why the body failed. */
    private static void closingAfter(TcpServer server, Body body) throws Exception {
        try {
            body.run();
        } catch (Exception | Error failure) {
            try {
                server.close();
                server.closeFuture().get(2, java.util.concurrent.TimeUnit.SECONDS); // the test failed already
            } catch (Exception | Error alsoFailed) {
                failure.addSuppressed(new AssertionError("and the server's close did not complete", alsoFailed));
                server.loopGroup().close(); // stop its threads anyway: later tests count the live ones
                server.loopGroup().awaitTermination(TcpTestSupport.WAIT);
            }
            throw failure;
        }
        closeAll(server);
    }

    // issue 12, defect 11: a session whose opening threw on the accepting loop closed the whole server
    @Test
    void aSessionThatFailsToOpenOnTheAcceptingLoopCostsThatConnectionOnly() throws Exception {
        // A cron period too long for the nanosecond clock: opening the session fails on it (or, once such a
        // value is refused where it is set, the initializer fails). Either way this connection's set-up fails.
        TcpServer server = oneLoopServer(1, s -> s.codec(CODEC).listener(new Recorder())
                .cronPeriod(Duration.ofSeconds(Long.MAX_VALUE)));
        closingAfter(server, () -> assertOnlyTheFailingConnectionIsLost(server));
    }

    // issue 12, defect 11: the same, with the session's worker executor throwing when handed onOpen
    @Test
    void aSessionWhoseExecutorThrowsOnTheAcceptingLoopCostsThatConnectionOnly() throws Exception {
        TcpServer server = oneLoopServer(1, s -> s.codec(CODEC).listener(new Recorder()).executor(task -> {
            throw new IllegalStateException("a broken executor (test)");
        }));
        closingAfter(server, () -> assertOnlyTheFailingConnectionIsLost(server));
    }

    /** Connection 0 is healthy, connection 1 fails in its set-up: 1 is closed, 0 and the server go on. */
    private static void assertOnlyTheFailingConnectionIsLost(TcpServer server) throws Exception {
        try (FrameClient before = FrameClient.connect(server.port())) {
            assertThat(before.echo("before")).isEqualTo("before");
            try (FrameClient failing = FrameClient.connect(server.port())) {
                assertThat(failing.closedByPeer()).as("the failed connection is closed").isTrue();
            }
            assertThat(server.isClosed()).as("the server is closed").isFalse();
            assertThat(before.echo("still here")).isEqualTo("still here");
            assertStillServing(server);
        }
    }

    // issue 12, defect 11
    @Test
    void anErrorThrownByTheInitializerOnTheAcceptingLoopCostsThatConnectionOnly() throws Exception {
        TcpServer server = oneLoopServer(0, s -> {
            throw new Error("an Error from the initializer (test)");
        });
        closingAfter(server, () -> {
            try (FrameClient failing = FrameClient.connect(server.port())) {
                assertThat(failing.closedByPeer()).isTrue();
            }
            assertStillServing(server);
        });
    }

    // issue 12, defect 11
    @Test
    void anErrorThrownByOnOpenOnTheAcceptingLoopCostsThatConnectionOnly() throws Exception {
        TcpServer server = oneLoopServer(0, s -> s.codec(CODEC).listener(new Recorder() {
            @Override
            public void onOpen(Session session) {
                super.onOpen(session);
                throw new Error("an Error from onOpen (test)");
            }
        }));
        closingAfter(server, () -> {
            try (FrameClient failing = FrameClient.connect(server.port())) {
                assertThat(failing.closedByPeer()).isTrue();
            }
            assertStillServing(server);
        });
    }

    // issue 12, defect 11: connections reset before the server set them up (setting socket options may fail)
    @Test
    void connectionsResetRightAfterConnectingCostThoseConnectionsOnly() throws Exception {
        TcpServer server = oneLoopServer(-1, null);
        closingAfter(server, () -> {
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket()) {
                    s.setSoLinger(true, 0); // close sends a reset
                    s.connect(new InetSocketAddress(HOST, server.port()));
                }
            }
            assertStillServing(server);
            TcpTestSupport.await("the reset connections are gone", () -> server.sessionCount() == 0);
        });
    }
}
