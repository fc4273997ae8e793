package io.getty.benchmarks.jmh;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
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
 * The whole echo path of a getty server over loopback: read into the loop's buffer, decode, {@code onMessage},
 * {@code sendPkg} (or {@code writePkg}) on the loop (encode), flush in one gathering write. The benchmark
 * thread is a blocking client that sends {@value #BATCH} frames in one write and reads their echoes; it allocates nothing
 * itself, so {@code gc.alloc.rate.norm} under {@code -prof gc} (which counts every thread, the loop's too)
 * is what the server allocates per message. Scores are per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class EchoPathBenchmark {
    static final int BATCH = 16;

    @Param({"256"})
    int payloadSize;

    /**
     * {@code sendPkg} allocates nothing by design; {@code writePkg} returns a future that the JIT removes when
     * the caller ignores it, if it inlines the whole path: usually, not always.
     */
    @Param({"sendPkg", "writePkg"})
    String write;

    private EventLoopGroup group;
    private TcpServer server;
    private SocketChannel client;
    private ByteBuffer request;
    private ByteBuffer response;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        group = EventLoopGroup.create(1);
        server = TcpServer.builder()
                .bind("127.0.0.1", 0)
                .loopGroup(group)
                .onNewSession(session -> session
                        .codec(new LengthFieldCodec(), write.equals("sendPkg")
                                ? (EventListener<ByteBuffer>) (s, pkg) -> s.sendPkg(pkg)
                                : (EventListener<ByteBuffer>) (s, pkg) -> s.writePkg(pkg)))
                .start();
        client = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        request = ByteBuffer.allocateDirect(BATCH * (4 + payloadSize));
        for (int i = 0; i < BATCH; i++) {
            request.putInt(payloadSize);
            for (int j = 0; j < payloadSize; j++) {
                request.put((byte) (i * 31 + j));
            }
        }
        request.flip();
        response = ByteBuffer.allocateDirect(request.capacity());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int echo() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            client.write(request);
        }
        response.clear();
        while (response.hasRemaining()) {
            if (client.read(response) < 0) {
                throw new IOException("server closed the connection");
            }
        }
        if (response.getInt(response.capacity() - 4 - payloadSize) != payloadSize) {
            throw new AssertionError("echo out of step");
        }
        return response.get(response.capacity() - 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        server.close();
        group.close();
        group.awaitTermination(java.time.Duration.ofSeconds(5));
    }
}
