package io.getty.benchmarks.jmh;

import io.getty.core.codec.LengthFieldCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link LengthFieldCodec#read} as the event loop drives it: every frame of a read decoded in one pass over
 * the loop's direct read buffer, each packet a reused zero-copy view. Scores are per frame.
 *
 * <ul>
 *   <li>{@code wholeFrames}: one buffer holding {@value #FRAMES} frames.</li>
 *   <li>{@code splitFrames}: the same bytes arriving in reads of {@code readSize} bytes that end inside
 *       frames; each read's unread tail is moved to the front of the read buffer before the next read, as
 *       {@code TcpSession} does with a small tail.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LengthFieldDecodeBenchmark {
    static final int FRAMES = 64;

    @Param({"256"})
    int payloadSize;

    @Param({"1000"})
    int readSize;

    private final LengthFieldCodec codec = new LengthFieldCodec();
    private final CodecSession session = new CodecSession(1024 * 1024);
    private ByteBuffer stream;
    private ByteBuffer readBuffer;

    @Setup
    public void setUp() {
        stream = ByteBuffer.allocateDirect(FRAMES * (4 + payloadSize));
        for (int i = 0; i < FRAMES; i++) {
            stream.putInt(payloadSize);
            for (int j = 0; j < payloadSize; j++) {
                stream.put((byte) (i + j));
            }
        }
        stream.flip();
        readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void wholeFrames(Blackhole bh) {
        ByteBuffer in = stream.clear();
        ByteBuffer pkg;
        while ((pkg = codec.read(session, in)) != null) {
            bh.consume(pkg.get(pkg.position()));
        }
        if (in.hasRemaining()) {
            throw new AssertionError("frames left undecoded");
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void splitFrames(Blackhole bh) {
        ByteBuffer buf = readBuffer;
        int total = stream.capacity();
        int tail = 0;
        for (int from = 0; from < total; from += readSize) {
            int n = Math.min(readSize, total - from);
            buf.limit(tail + n).position(tail);
            buf.put(tail, stream, from, n);
            buf.position(0);
            ByteBuffer pkg;
            while ((pkg = codec.read(session, buf)) != null) {
                bh.consume(pkg.get(pkg.position()));
            }
            tail = buf.remaining();
            buf.put(0, buf, buf.position(), tail);
        }
        if (tail != 0) {
            throw new AssertionError("frames left undecoded");
        }
    }
}
