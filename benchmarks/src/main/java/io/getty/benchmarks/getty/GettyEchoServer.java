package io.getty.benchmarks.getty;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The getty echo server that the load generator measures: length-field frames echoed on the event loop,
 * written the way the README tells users to. {@code --port P [--host H] [--threads N]}; prints
 * {@code listening on HOST:PORT}. On exit (SIGTERM) it prints what its loop threads allocated per echoed
 * message, the measure of "nothing allocated per message".
 */
public final class GettyEchoServer {
    private GettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]
                        + " (expected --port P [--host H] [--threads N])");
            }
        }
        LongAdder echoed = new LongAdder();
        EventLoopGroup group = EventLoopGroup.create(threads);
        TcpServer server = TcpServer.builder()
                .bind(host, port)
                .loopGroup(group)
                .onNewSession(session -> session
                        .codec(new LengthFieldCodec())
                        .listener(new EventListener<ByteBuffer>() {
                            @Override
                            public void onMessage(Session s, ByteBuffer pkg) {
                                s.writePkg(pkg);
                                echoed.increment();
                            }
                        }))
                .start();
        long allocatedAtStart = loopThreadsAllocatedBytes();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long allocated = loopThreadsAllocatedBytes() - allocatedAtStart;
            long messages = echoed.sum();
            System.out.printf("ALLOC loop_bytes=%d messages=%d bytes_per_msg=%.3f%n", allocated, messages,
                    messages == 0 ? 0.0 : (double) allocated / messages);
            server.close();
            group.close();
        }, "getty-echo-shutdown"));
        System.out.println("listening on " + host + ":" + server.port());
        System.out.flush();
        server.closeFuture().join();
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
