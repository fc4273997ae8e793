package io.getty.benchmarks.load;

import io.getty.benchmarks.getty.GettyUdpEchoServer;
import io.getty.benchmarks.load.Failure.Kind;
import io.getty.benchmarks.netty.NettyUdpEchoServer;
import io.getty.benchmarks.server.EchoServer;
import io.getty.benchmarks.support.Threads;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramCodec;
import io.getty.udp.UdpEndpoint;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP load against real loopback servers: the getty and Netty echo endpoints pass with nothing lost; an
 * endpoint that drops a datagram costs a counted loss, one that corrupts fails the run, and no server at all
 * fails it at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramLoadGeneratorTest {
    private static final int LOSS_MS = 100;
    /** Where nothing may be lost: a loaded CI machine can hold a thread back longer than 100 ms. */
    private static final int PATIENT_LOSS_MS = 2000;

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        Threads.assertNoneLeft();
    }

    private static LoadOptions options(int port) {
        return LoadOptions.defaults(port).withConnections(4).withDepth(8).withSize(256).withTiming(0.2, 0.5);
    }

    @Test
    void theGettyAndNettyEchoEndpointsLoseNothing() throws Exception {
        for (EchoServer server : new EchoServer[] {GettyUdpEchoServer.start("127.0.0.1", 0, 1),
            NettyUdpEchoServer.start("127.0.0.1", 0, 1)}) {
            try (server) {
                LoadResult r = new DatagramLoadGenerator(LoadGenerator.WindowListener.NONE, PATIENT_LOSS_MS)
                        .run(options(server.localAddress().getPort()));
                assertThat(r.ok()).as(server + ": " + r.reason()).isTrue();
                assertThat(r.messages()).isPositive();
                assertThat(r.lost()).isZero();
                assertThat(r.summaryLine()).endsWith(" lost=0");
            }
        }
    }

    /** A getty endpoint that echoes each datagram through {@code echo}. */
    private static LoadResult runAgainst(EventListener<Datagram<ByteBuffer>> echo, LoadOptions options) {
        EventLoopGroup group = EventLoopGroup.create(1);
        UdpEndpoint endpoint = UdpEndpoint.builder().bind("127.0.0.1", 0).loopGroup(group)
                .onNewSession(s -> s.codec(new DatagramCodec()).listener(echo)).start();
        try {
            return new DatagramLoadGenerator(LoadGenerator.WindowListener.NONE, LOSS_MS)
                    .run(new LoadOptions(options.host(), endpoint.port(), options.connections(), options.depth(),
                            options.size(), options.warmupSeconds(), options.seconds(), options.stallMillis(),
                            options.connectBatch(), options.connectTimeoutMillis()));
        } finally {
            endpoint.close();
            group.close();
        }
    }

    @Test
    void aDroppedDatagramIsCountedAsLostAndReplaced() {
        AtomicInteger seen = new AtomicInteger();
        LoadResult r = runAgainst((s, d) -> {
            if (seen.incrementAndGet() != 100) {
                s.sendPkg(d);
            }
        }, LoadOptions.defaults(1).withConnections(1).withDepth(4).withSize(64).withTiming(0, 1));
        assertThat(r.ok()).as(r.reason()).isTrue();
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void aCorruptedEchoFailsTheRun() {
        AtomicInteger seen = new AtomicInteger();
        LoadResult r = runAgainst((s, d) -> {
            ByteBuffer echo = ByteBuffer.allocate(d.content().remaining()).put(d.content()).flip();
            if (seen.incrementAndGet() == 11) {
                echo.put(20, (byte) (echo.get(20) ^ 1));
            }
            s.sendPkg(Datagram.of(echo, d.peer()));
        }, LoadOptions.defaults(1).withConnections(1).withDepth(1).withSize(64).withTiming(0, 2));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure().kind()).isEqualTo(Kind.BYTE_MISMATCH);
        assertThat(r.reason()).contains("connection 0 seq 10: payload byte 20 is 0x");
    }

    @Test
    void noServerFailsAtOnce() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = s.getLocalPort();
        }
        LoadResult r = new DatagramLoadGenerator(LoadGenerator.WindowListener.NONE, LOSS_MS).run(options(port));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure().kind()).isEqualTo(Kind.CONNECTION_LOST);
        assertThat(r.reason()).contains("the server is not there (ICMP port unreachable)");
    }
}
