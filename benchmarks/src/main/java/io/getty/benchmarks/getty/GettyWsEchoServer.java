package io.getty.benchmarks.getty;

import io.getty.benchmarks.server.EchoServer;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.ws.WebSocketCodecs;
import io.getty.ws.WsServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The getty WebSocket echo server that the load generator measures: a {@link WsServer} at {@code /echo}
 * (default options: 1 MiB messages; no heartbeat, see below) whose sessions read every message as bytes and send it back, which
 * makes it a binary message again. Like {@link GettyEchoServer}, it prints the {@code ALLOC} line when it
 * closes.
 */
public final class GettyWsEchoServer implements EchoServer {
    /** The path the load generator asks for. */
    public static final String PATH = "/echo";

    private final EventLoopGroup group;
    private final WsServer server;
    private final LongAdder echoed = new LongAdder();
    private final long allocatedAtStart;

    private GettyWsEchoServer(String host, int port, int threads) {
        EventListener<ByteBuffer> echo = new EventListener<>() {
            @Override
            public void onMessage(Session s, ByteBuffer message) {
                s.sendPkg(message);
            }

            @Override
            public void onClose(Session s) {
                echoed.add(s.stats().packetsRead());
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
        server = WsServer.builder()
                .bind(host, port)
                .loopGroup(group)
                .path(PATH)
                // No heartbeat: with the default 60 s cron period this end would ping the load generator,
                // which takes any frame but a binary echo (0x89 included) as a failure, so runs of 60 s or
                // more would fail for getty only. Netty's WebSocketServerProtocolHandler sends no pings
                // either; zero turns cron (and its ping) off, so both servers behave alike.
                .cronPeriod(Duration.ZERO)
                .onNewSession(session -> session.codec(WebSocketCodecs.binary(), echo))
                .start();
        allocatedAtStart = GettyEchoServer.loopThreadsAllocatedBytes();
    }

    public static GettyWsEchoServer start(String host, int port, int threads) {
        return new GettyWsEchoServer(host, port, threads);
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        long allocated = GettyEchoServer.loopThreadsAllocatedBytes() - allocatedAtStart;
        long messages = echoed.sum();
        for (Session s : server.sessions()) {
            messages += s.stats().packetsRead();
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
}
