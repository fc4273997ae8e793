package io.getty.benchmarks.jmh;

import io.getty.core.codec.LengthFieldCodec;
import io.getty.core.internal.buffer.ChunkPool;
import io.getty.core.internal.buffer.OutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
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

/**
 * The write side of an echo, per packet: {@link LengthFieldCodec#write} into a session's
 * {@link OutboundBuffer} (pooled direct chunks), then the flush: one gathering write of everything a loop
 * pass encoded, after which the emptied chunks go back to the pool. The sink consumes every byte offered
 * without a syscall, so the score is getty's own work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class EncodeFlushBenchmark {
    static final int PACKETS_PER_FLUSH = 16;

    @Param({"256"})
    int payloadSize;

    private final LengthFieldCodec codec = new LengthFieldCodec();
    private final CodecSession session = new CodecSession(1024 * 1024);
    private final DiscardingChannel sink = new DiscardingChannel();
    private OutboundBuffer out;
    private ByteBuffer payload;

    @Setup
    public void setUp() {
        out = new OutboundBuffer(new ChunkPool(16 * 1024, 256));
        out.limit(4 * 1024 * 1024);
        payload = ByteBuffer.allocateDirect(payloadSize);
        while (payload.hasRemaining()) {
            payload.put((byte) payload.position());
        }
        payload.flip();
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_FLUSH)
    public long encodeAndFlush() throws Exception {
        for (int i = 0; i < PACKETS_PER_FLUSH; i++) {
            out.mark();
            codec.write(session, payload, out);
        }
        long sent = out.writeTo(sink);
        if (out.size() != 0) {
            throw new AssertionError("not everything was flushed");
        }
        return sent;
    }

    /** A channel that takes every byte it is offered. */
    static final class DiscardingChannel implements GatheringByteChannel {
        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += srcs[i].remaining();
                srcs[i].position(srcs[i].limit());
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
