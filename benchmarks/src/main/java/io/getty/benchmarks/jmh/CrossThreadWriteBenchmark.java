package io.getty.benchmarks.jmh;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.WriteFuture;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpClient;
import io.getty.tcp.TcpServer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code writePkg} from a thread that is not the session's loop (a worker, say): the write is handed to the
 * loop as a task, encoded and flushed there, and sent to a getty server that discards it. The task is also
 * the write's future, so the one object allocated per write is that handle (B/op under {@code -prof gc}).
 * The writer keeps its pending output under the high water mark, as a well-behaved producer does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CrossThreadWriteBenchmark {
    @Param({"256"})
    int payloadSize;

    private EventLoopGroup group;
    private TcpServer server;
    private TcpClient client;
    private Session session;
    private ByteBuffer payload;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        group = EventLoopGroup.create(2);
        server = TcpServer.builder()
                .bind("127.0.0.1", 0)
                .loopGroup(group)
                .onNewSession(s -> s.codec(new LengthFieldCodec(), (x, pkg) -> { }))
                .start();
        client = TcpClient.builder()
                .remoteAddress(server.localAddress())
                .loopGroup(group)
                .onNewSession(s -> s.codec(new LengthFieldCodec(), (x, pkg) -> { }))
                .start();
        session = client.connectFuture().get(5, TimeUnit.SECONDS);
        payload = ByteBuffer.allocateDirect(payloadSize);
    }

    @Benchmark
    public WriteFuture writeFromAnotherThread() {
        while (!session.isWritable()) {
            Thread.onSpinWait();
        }
        return session.writePkg(payload);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        server.close();
        group.close();
        group.awaitTermination(java.time.Duration.ofSeconds(5));
    }
}
