package io.getty.benchmarks.getty;

import io.getty.benchmarks.server.EchoServer;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramCodec;
import io.getty.udp.UdpEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The getty UDP echo server that the load generator measures: one endpoint whose listener sends each datagram
 * back to its sender on the event loop, with the default options. When it closes it prints what its loop
 * threads allocated per datagram echoed (the {@code ALLOC} line, as {@link GettyEchoServer} does).
 */
public final class GettyUdpEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final UdpEndpoint endpoint;
    private final long allocatedAtStart;

    private GettyUdpEchoServer(String host, int port, int threads) {
        EventListener<Datagram<ByteBuffer>> echo = (session, datagram) -> session.sendPkg(datagram);
        DatagramCodec codec = new DatagramCodec();
        group = EventLoopGroup.create(threads);
        endpoint = UdpEndpoint.builder()
                .bind(host, port)
                .loopGroup(group)
                .onNewSession(session -> session.codec(codec).listener(echo))
                .start();
        allocatedAtStart = GettyEchoServer.loopThreadsAllocatedBytes();
    }

    public static GettyUdpEchoServer start(String host, int port, int threads) {
        return new GettyUdpEchoServer(host, port, threads);
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) endpoint.localAddress();
    }

    @Override
    public void close() {
        long allocated = GettyEchoServer.loopThreadsAllocatedBytes() - allocatedAtStart;
        long messages = endpoint.sessions().stream().map(Session::stats).mapToLong(s -> s.packetsRead()).sum();
        System.out.printf("ALLOC loop_bytes=%d messages=%d bytes_per_msg=%.3f%n", allocated, messages,
                messages == 0 ? 0.0 : (double) allocated / messages);
        endpoint.close();
        group.close();
        try {
            group.awaitTermination(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
