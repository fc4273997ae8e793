package io.getty.benchmarks.load;

import io.getty.benchmarks.bare.BareEchoServer;
import io.getty.benchmarks.getty.GettyEchoServer;
import io.getty.benchmarks.load.Failure.Kind;
import io.getty.benchmarks.net.Wire;
import io.getty.benchmarks.netty.NettyEchoServer;
import io.getty.benchmarks.server.EchoServer;
import io.getty.benchmarks.support.BrokenEchoServer;
import io.getty.benchmarks.support.BrokenEchoServer.Fault;
import io.getty.benchmarks.support.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.getty.core.EventLoopGroup;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import io.getty.tcp.TlsConfig;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against real loopback servers: deliberately broken ones must fail the run
 * with the specific reason; the bare and Netty baselines must pass.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {

    /** The fault hits frame 10 of connection 0, well inside a 5 s run. */
    private static final long FAULTY_FRAME = 10;

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        Threads.assertNoneLeft();
    }

    @Test
    void flippedByteIsAMismatch() throws Exception {
        LoadResult r = runAgainstBroken(Fault.FLIP_BYTE, 2000);
        assertFailed(r, Kind.BYTE_MISMATCH);
        assertThat(r.reason()).contains("connection 0 seq 10: payload byte 20 is 0x");
    }

    @Test
    void droppedFrameIsOutOfOrder() throws Exception {
        LoadResult r = runAgainstBroken(Fault.DROP, 2000);
        assertFailed(r, Kind.OUT_OF_ORDER);
        assertThat(r.reason()).contains("connection 0 seq 10: got seq 11 first");
    }

    @Test
    void swappedFramesAreOutOfOrder() throws Exception {
        LoadResult r = runAgainstBroken(Fault.SWAP_WITH_NEXT, 2000);
        assertFailed(r, Kind.OUT_OF_ORDER);
        assertThat(r.reason()).contains("connection 0 seq 10: got seq 11 first");
    }

    @Test
    void duplicatedFrameIsReported() throws Exception {
        LoadResult r = runAgainstBroken(Fault.DUPLICATE, 2000);
        assertFailed(r, Kind.DUPLICATE);
        assertThat(r.reason()).contains("connection 0 seq 11: got seq 10 again");
    }

    @Test
    void wrongLengthIsReported() throws Exception {
        LoadResult r = runAgainstBroken(Fault.WRONG_LENGTH, 2000);
        assertFailed(r, Kind.WRONG_LENGTH);
        assertThat(r.reason()).contains("connection 0 seq 10: echoed frame length is 65, sent 64");
    }

    @Test
    void connectionClosedMidRunIsLost() throws Exception {
        LoadResult r = runAgainstBroken(Fault.CLOSE, 2000);
        assertFailed(r, Kind.CONNECTION_LOST);
        assertThat(r.reason()).startsWith("connection_lost: connection 0 seq 10: ");
    }

    @Test
    void serverThatStopsAnsweringIsAStall() throws Exception {
        long start = System.nanoTime();
        LoadResult r = runAgainstBroken(Fault.STALL, 300);
        assertFailed(r, Kind.STALL);
        assertThat(r.reason()).contains("connection 0 seq 10: no echo for ").contains("frame(s) in flight");
        assertThat(System.nanoTime() - start).as("detected soon after --stall-ms").isLessThan(3_000_000_000L);
    }

    @Test
    void refusedConnectionFailsToConnect() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LoadResult r = new LoadGenerator().run(LoadOptions.defaults(closedPort).withTiming(0, 1));
        assertFailed(r, Kind.CONNECT_FAILED);
        assertThat(r.reason()).contains("connection 0: connect to");
    }

    @Test
    void passesAgainstBareServer() throws Exception {
        try (EchoServer server = BareEchoServer.start("127.0.0.1", 0, 1)) {
            assertPasses(server);
        }
    }

    @Test
    void passesAgainstGettyServer() throws Exception {
        try (EchoServer server = GettyEchoServer.start("127.0.0.1", 0, 1)) {
            assertPasses(server);
        }
    }

    @Test
    void passesAgainstNettyServer() throws Exception {
        try (EchoServer server = NettyEchoServer.start("127.0.0.1", 0, 1)) {
            assertPasses(server);
        }
    }

    /** Scenario f's shape, shorter: WebSocket binary messages against getty's and Netty's WebSocket servers. */
    @Test
    void webSocketPassesAgainstBothWebSocketServers() throws Exception {
        Map<String, Starter> servers = Map.of(
                "getty_ws", () -> io.getty.benchmarks.getty.GettyWsEchoServer.start("127.0.0.1", 0, 1),
                "netty_ws", () -> io.getty.benchmarks.netty.NettyWsEchoServer.start("127.0.0.1", 0, 1));
        for (Map.Entry<String, Starter> impl : servers.entrySet()) {
            for (int size : new int[] {16, 256, 70_000}) {
                try (EchoServer server = impl.getValue().start()) {
                    LoadResult r = new LoadGenerator().run(LoadOptions.defaults(server.localAddress().getPort())
                            .withConnections(4).withDepth(8).withSize(size).withTiming(0.1, 0.3).withWebSocket("/echo"));
                    assertThat(r.exitCode()).as(impl.getKey() + " " + size + ": " + r.reason()).isZero();
                    assertThat(r.messages()).as(impl.getKey()).isPositive();
                }
            }
        }
    }

    @Test
    void webSocketHandshakeToAMissingPathFails() throws Exception {
        try (EchoServer server = io.getty.benchmarks.getty.GettyWsEchoServer.start("127.0.0.1", 0, 1)) {
            LoadResult r = new LoadGenerator().run(LoadOptions.defaults(server.localAddress().getPort())
                    .withTiming(0, 0.2).withWebSocket("/nowhere"));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.reason()).contains("WebSocket handshake", "404");
        }
    }

    /** Scenario e's frames: 64 KiB payloads span several reads on both sides and fill the servers' buffers. */
    @Test
    void largeFramesPassAgainstEveryServer() throws Exception {
        for (Map.Entry<String, Starter> impl : SERVERS.entrySet()) {
            try (EchoServer server = impl.getValue().start()) {
                LoadResult r = new LoadGenerator().run(LoadOptions.defaults(server.localAddress().getPort())
                        .withConnections(4).withDepth(4).withSize(65_536).withTiming(0.1, 0.3));
                assertThat(r.exitCode()).as(impl.getKey() + ": " + r.reason()).isZero();
                assertThat(r.messages()).as(impl.getKey()).isPositive();
            }
        }
    }

    /** Scenario d's shape, smaller: many connections with one small frame in flight each. */
    @Test
    void manyConnectionsPassAgainstEveryServer() throws Exception {
        for (Map.Entry<String, Starter> impl : SERVERS.entrySet()) {
            try (EchoServer server = impl.getValue().start()) {
                LoadResult r = new LoadGenerator().run(LoadOptions.defaults(server.localAddress().getPort())
                        .withConnections(600).withDepth(1).withSize(64).withTiming(0.1, 0.3));
                assertThat(r.exitCode()).as(impl.getKey() + ": " + r.reason()).isZero();
                assertThat(r.messages()).as(impl.getKey()).isPositive();
            }
        }
    }

    /** Starts a server on a free port. */
    private interface Starter {
        EchoServer start() throws Exception;
    }

    private static final Map<String, Starter> SERVERS = Map.of(
            "getty", () -> GettyEchoServer.start("127.0.0.1", 0, 1),
            "netty", () -> NettyEchoServer.start("127.0.0.1", 0, 1),
            "bare", () -> BareEchoServer.start("127.0.0.1", 0, 1));

    /** Scenario t's shape, smaller: every echo verified through a TLS client engine per connection. */
    @Test
    void tlsPassesAgainstGettyAndNetty() throws Exception {
        for (Map.Entry<String, WireStarter> impl : WIRED.entrySet()) {
            try (EchoServer server = impl.getValue().start(Wire.TLS)) {
                LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, Wire.TLS).run(
                        LoadOptions.defaults(server.localAddress().getPort()).withConnections(8).withDepth(8)
                                .withSize(256).withTiming(0.3, 0.5));
                assertThat(r.exitCode()).as(impl.getKey() + ": " + r.reason()).isZero();
                assertThat(r.messages()).as(impl.getKey()).isPositive();
            }
        }
    }

    /** Scenario z's shape, smaller; the deflate pipe allocates nothing per message either. */
    @Test
    void deflatePassesAgainstGettyAndNettyAllocatingNothingPerMessage() throws Exception {
        for (Map.Entry<String, WireStarter> impl : WIRED.entrySet()) {
            try (EchoServer server = impl.getValue().start(Wire.DEFLATE)) {
                LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, Wire.DEFLATE).run(
                        LoadOptions.defaults(server.localAddress().getPort()).withConnections(8).withDepth(8)
                                .withSize(256).withTiming(0.5, 1.0));
                assertThat(r.exitCode()).as(impl.getKey() + ": " + r.reason()).isZero();
                assertThat(r.messages()).as(impl.getKey()).isGreaterThan(1_000);
                assertThat(r.clientAllocatedBytes()).as(impl.getKey() + ": bytes allocated in the window")
                        .isLessThan(r.messages());
            }
        }
    }

    /** Large frames span several TLS records and several deflate writes. */
    @Test
    void largeFramesPassOverTlsAndDeflate() throws Exception {
        for (Wire wire : new Wire[] {Wire.TLS, Wire.DEFLATE}) {
            try (EchoServer server = GettyEchoServer.start("127.0.0.1", 0, 1, wire)) {
                LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, wire).run(
                        LoadOptions.defaults(server.localAddress().getPort()).withConnections(2).withDepth(4)
                                .withSize(100_000).withTiming(0.2, 0.5));
                assertThat(r.exitCode()).as(wire + ": " + r.reason()).isZero();
                assertThat(r.messages()).as(wire.name()).isPositive();
            }
        }
    }

    @Test
    void tlsAgainstAPlainServerFailsItsHandshake() throws Exception {
        try (EchoServer server = GettyEchoServer.start("127.0.0.1", 0, 1)) {
            LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, Wire.TLS)
                    .run(LoadOptions.defaults(server.localAddress().getPort()).withTiming(0, 1));
            assertFailed(r, Kind.CONNECT_FAILED);
            assertThat(r.reason()).startsWith("connect_failed: TLS handshake: connection 0 seq 0: ");
        }
    }

    @Test
    void tlsRefusesACertificateTheTestCaDidNotSign() throws Exception {
        TlsConfig untrusted;
        try (InputStream chain = getClass().getResourceAsStream("/tls-untrusted/self-signed.crt");
             InputStream key = getClass().getResourceAsStream("/tls-untrusted/self-signed.key")) {
            untrusted = TlsConfig.forServer().keyCertChain(chain, key).build();
        }
        EventLoopGroup group = EventLoopGroup.create(1);
        TcpServer server = TcpServer.builder().bind("127.0.0.1", 0).loopGroup(group).tls(untrusted)
                .onNewSession(s -> s.codec(new LengthFieldCodec(), (session, pkg) -> session.sendPkg(pkg)))
                .start();
        try {
            LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, Wire.TLS)
                    .run(LoadOptions.defaults(server.port()).withTiming(0, 1));
            assertFailed(r, Kind.CONNECT_FAILED);
            assertThat(r.reason()).startsWith("connect_failed: TLS handshake: ").contains("PKIX");
        } finally {
            server.close();
            group.close();
            group.awaitTermination(java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void deflateAgainstAPlainServerFails() throws Exception {
        try (EchoServer server = GettyEchoServer.start("127.0.0.1", 0, 1)) {
            LoadResult r = new LoadGenerator(LoadGenerator.WindowListener.NONE, Wire.DEFLATE)
                    .run(LoadOptions.defaults(server.localAddress().getPort()).withTiming(0, 2).withStallMillis(1000));
            assertThat(r.exitCode()).as(String.valueOf(r.reason())).isEqualTo(LoadResult.FAILED);
        }
    }

    /** Starts a server over a wire on a free port. */
    private interface WireStarter {
        EchoServer start(Wire wire) throws Exception;
    }

    private static final Map<String, WireStarter> WIRED = Map.of(
            "getty", wire -> GettyEchoServer.start("127.0.0.1", 0, 1, wire),
            "netty", wire -> NettyEchoServer.start("127.0.0.1", 0, 1, wire));

    @Test
    void latencyRunWithOneConnectionAndDepthOne() throws Exception {
        try (EchoServer server = BareEchoServer.start("127.0.0.1", 0, 1)) {
            LoadResult r = new LoadGenerator().run(LoadOptions.defaults(server.localAddress().getPort()).withTiming(0.2, 0.5));
            assertThat(r.exitCode()).as(String.valueOf(r.reason())).isZero();
            assertThat(r.messages()).isPositive();
            assertThat(r.p50Micros()).isPositive();
        }
    }

    private static void assertPasses(EchoServer server) {
        LoadOptions options = LoadOptions.defaults(server.localAddress().getPort())
                .withConnections(8).withDepth(8).withSize(256).withTiming(0.5, 1.0);
        int[] windowEdges = new int[2];
        LoadResult r = new LoadGenerator(new LoadGenerator.WindowListener() {
            @Override
            public void measureStarted() {
                windowEdges[0]++;
            }

            @Override
            public void measureEnded() {
                windowEdges[1]++;
            }
        }).run(options);

        assertThat(r.exitCode()).as(String.valueOf(r.reason())).isZero();
        assertThat(windowEdges).containsExactly(1, 1);
        assertThat(r.messages()).isGreaterThan(10_000);
        assertThat(r.seconds()).isBetween(0.99, 1.2);
        assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
        assertThat(r.p99Micros()).isLessThanOrEqualTo(r.p999Micros());
        assertThat(r.clientCpuNanosPerMessage()).isPositive();
        // Nothing per message: a single 16-byte object per message would be 16 x messages.
        assertThat(r.clientAllocatedBytes()).as("bytes allocated in the window").isLessThan(r.messages());
        assertThat(r.summaryLine()).startsWith("RESULT msgs_per_sec=").contains(" p50_us=", " p99_us=", " p999_us=",
                " client_cpu_ns_per_msg=");
    }

    private static LoadResult runAgainstBroken(Fault fault, int stallMillis) throws Exception {
        try (BrokenEchoServer server = new BrokenEchoServer(fault, FAULTY_FRAME)) {
            LoadOptions options = LoadOptions.defaults(server.port())
                    .withConnections(2).withDepth(4).withSize(64).withTiming(0, 5).withStallMillis(stallMillis);
            return new LoadGenerator().run(options);
        }
    }

    private static void assertFailed(LoadResult r, Kind kind) {
        assertThat(r.exitCode()).isEqualTo(LoadResult.FAILED);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().kind()).as(r.reason()).isEqualTo(kind);
    }
}
