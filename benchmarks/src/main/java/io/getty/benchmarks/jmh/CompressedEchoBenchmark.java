package io.getty.benchmarks.jmh;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.Compression;
import io.getty.tcp.TcpClient;
import io.getty.tcp.TcpServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A getty client and a getty server, compressing or not, echoing {@value #IN_FLIGHT} messages back and forth
 * over loopback without end: each echo the client receives it sends again ({@code sendPkg}, on the loop), as
 * the server does. Both run on one event loop, so the score is the CPU time of one whole echo, both ends'
 * work: encode, compress, write, read, decompress, decode, twice. The benchmark thread only waits for the
 * client to count {@value #ECHOES} more echoes, so {@code gc.alloc.rate.norm} under {@code -prof gc} is what
 * the two ends allocate per echo. Scores are per echo.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CompressedEchoBenchmark {
    static final int IN_FLIGHT = 16;
    static final int ECHOES = 1024;

    @Param({"none", "deflate-best-speed", "snappy"})
    String compression;

    /** Message size; the bytes are text-like, so that compression has something to do. */
    @Param({"256"})
    int payloadSize;

    private EventLoopGroup group;
    private TcpServer server;
    private TcpClient client;
    private volatile long echoes;
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile boolean running = true;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Compression c = switch (compression) {
            case "none" -> Compression.none();
            case "deflate-best-speed" -> Compression.deflate(Compression.Level.BEST_SPEED);
            case "snappy" -> Compression.snappy();
            default -> throw new IllegalArgumentException(compression);
        };
        group = EventLoopGroup.create(1);
        server = TcpServer.builder().bind("127.0.0.1", 0).loopGroup(group).compression(c)
                .onNewSession(s -> s.codec(new LengthFieldCodec(), (session, pkg) -> session.sendPkg(pkg)))
                .start();
        client = TcpClient.builder().remoteAddress(server.localAddress()).loopGroup(group).compression(c)
                .onNewSession(s -> s.codec(new LengthFieldCodec(), new EventListener<ByteBuffer>() {
                    @Override
                    public void onMessage(Session session, ByteBuffer pkg) {
                        long n = echoes + 1;
                        echoes = n; // the loop's thread alone writes it
                        if (running) {
                            session.sendPkg(pkg);
                        }
                        if (n == target) {
                            LockSupport.unpark(waiter);
                        }
                    }
                }))
                .start();
        Session session = client.connectFuture().get(10, TimeUnit.SECONDS);
        byte[] payload = payload(payloadSize);
        for (int i = 0; i < IN_FLIGHT; i++) {
            session.writePkg(ByteBuffer.wrap(payload));
        }
    }

    /** JSON-like text, as a service's messages often are. */
    static byte[] payload(int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        for (int i = 0; sb.length() < size; i++) {
            sb.append("{\"id\":").append(1000 + i).append(",\"name\":\"user").append(i % 7)
                    .append("\",\"active\":").append(i % 2 == 0).append("},");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    @OperationsPerInvocation(ECHOES)
    public long echo() {
        waiter = Thread.currentThread();
        long until = echoes + ECHOES;
        target = until;
        while (echoes < until) {
            LockSupport.parkNanos(this, 1_000_000L);
        }
        return until;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        running = false;
        client.close();
        server.close();
        group.close();
        group.awaitTermination(Duration.ofSeconds(5));
    }
}
