package io.getty.benchmarks.getty;

import io.getty.benchmarks.net.BenchmarkTls;
import io.getty.benchmarks.net.Wire;
import io.getty.benchmarks.server.EchoServer;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.Compression;
import io.getty.tcp.TcpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The getty echo server that the load generator measures: length-field frames echoed on the event loop,
 * written the way the README tells users to (the default options: 1 MiB max message length). When it
 * closes it prints what its loop threads allocated per message echoed (the {@code ALLOC} line, counting the
 * sessions closed by then and those still open), the measure of "nothing allocated per message" under real
 * load. With {@link Wire#TLS} or {@link Wire#DEFLATE} the same server runs with {@code tls(...)} or
 * {@code compression(deflate(BEST_SPEED))}, as a user would turn them on.
 */
public final class GettyEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final TcpServer server;
    private final LongAdder echoed = new LongAdder();
    private final long allocatedAtStart;

    private GettyEchoServer(String host, int port, int threads, Wire wire) {
        // One codec and one listener serve every session: both are stateless.
        LengthFieldCodec codec = new LengthFieldCodec();
        EventListener<ByteBuffer> echo = new EventListener<>() {
            @Override
            public void onMessage(Session s, ByteBuffer pkg) {
                s.sendPkg(pkg);
            }

            @Override
            public void onClose(Session s) {
                echoed.add(s.stats().packetsRead()); // counted per session, so the echo itself pays nothing
            }

            @Override
            public void onWritabilityChanged(Session s, boolean writable) {
                if (writable) {
                    s.resumeReading();
                } else {
                    s.pauseReading();
                }
            }
        };
        group = EventLoopGroup.create(threads);
        TcpServer.Builder builder = TcpServer.builder()
                .bind(host, port)
                .loopGroup(group)
                .onNewSession(session -> session.codec(codec, echo));
        if (wire == Wire.TLS) {
            builder.tls(BenchmarkTls.gettyServer());
        } else if (wire == Wire.DEFLATE) {
            builder.compression(Compression.deflate(Compression.Level.BEST_SPEED));
        }
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
        allocatedAtStart = loopThreadsAllocatedBytes();
    }

    public static GettyEchoServer start(String host, int port, int threads) {
        return start(host, port, threads, Wire.PLAIN);
    }

    /** The server over {@code wire}: plain, TLS or deflate. */
    public static GettyEchoServer start(String host, int port, int threads, Wire wire) {
        return new GettyEchoServer(host, port, threads, wire);
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        long allocated = loopThreadsAllocatedBytes() - allocatedAtStart;
        long messages = echoed.sum();
        for (Session s : server.sessions()) {
            messages += s.stats().packetsRead(); // still open: a graceful close waits for the peer's end
        }
        System.out.printf("ALLOC loop_bytes=%d messages=%d bytes_per_msg=%.3f%n", allocated, messages,
                messages == 0 ? 0.0 : (double) allocated / messages);
        server.close();
        group.close();
        try {
            group.awaitTermination(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes allocated so far by the threads of the event loops. */
    static long loopThreadsAllocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("getty-loop-")) {
                total += threads.getThreadAllocatedBytes(t.getId());
            }
        }
        return total;
    }
}
