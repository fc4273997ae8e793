package io.getty.examples;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import io.getty.core.Session;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramCodec;
import io.getty.udp.DatagramOptions;
import io.getty.udp.UdpClient;
import io.getty.udp.UdpEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages over UDP, one datagram each: the server is one endpoint that echoes each datagram to its sender, and
 * each client connection is a UDP client connected to it. Datagrams can be lost, so the client counts losses
 * ({@link DatagramEchoConnection}).
 */
final class UdpTransport implements Transport {
    /** Stateless, so one instance serves every session. */
    private static final DatagramCodec DATAGRAMS = new DatagramCodec();
    /** How often a client looks for datagrams that did not come back in time. */
    private static final Duration LOSS_CHECK = Duration.ofMillis(100);
    /**
     * The receive buffer the echo endpoint asks for. The kernel caps it at net.core.rmem_max, often 208 KiB: the
     * clients' window keeps what they have in flight under that anyway.
     */
    private static final int SERVER_RECEIVE_BUFFER = 1024 * 1024;
    /**
     * The kernel memory all clients together may have in flight: well under the 208 KiB a socket's receive
     * buffer holds by default, which is where loopback drops datagrams when it is full.
     */
    private static final int IN_FLIGHT_BUDGET = 128 * 1024;
    /** The kernel's own memory per datagram in a receive buffer, besides the payload (roughly). */
    private static final int KERNEL_BYTES_PER_DATAGRAM = 768;

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public boolean lossy() {
        return true;
    }

    @Override
    public EchoLoad.Settings fit(EchoLoad.Settings s) {
        long perDatagram = (long) s.size() + KERNEL_BYTES_PER_DATAGRAM;
        int window = (int) Math.max(1, Math.min(s.window(), IN_FLIGHT_BUDGET / (perDatagram * s.connections())));
        return new EchoLoad.Settings(s.connections(), s.messages(), s.size(), window, s.timeout(), s.lossTolerance());
    }

    @Override
    public Optional<String> cannotRun(EchoLoad.Settings settings) {
        if (settings.size() < Payloads.HEADER || settings.size() > DatagramOptions.MAX_IPV4_DATAGRAM) {
            return Optional.of("udp carries each message in one datagram, whose payload names its connection and "
                    + "sequence: --size must be from " + Payloads.HEADER + " to " + DatagramOptions.MAX_IPV4_DATAGRAM
                    + ", not " + settings.size());
        }
        return Optional.empty();
    }

    @Override
    public Server startEchoServer(InetSocketAddress address, EventLoopGroup group) {
        Echo echo = new Echo();
        return UdpEndpoint.builder()
                .bind(address)
                .loopGroup(group)
                .receiveBufferSize(SERVER_RECEIVE_BUFFER)
                .onNewSession(session -> session.codec(DATAGRAMS).listener(echo))
                .start();
    }

    @Override
    public Connection connect(InetSocketAddress server, EventLoopGroup group, EventListener<ByteBuffer> listener) {
        UdpClient client = UdpClient.builder()
                .remoteAddress(server)
                .loopGroup(group)
                .cronPeriod(LOSS_CHECK)
                .onNewSession(session -> session.codec(DATAGRAMS).listener(listener))
                .start();
        return new Connection(client, client.connectFuture());
    }

    /** The echo endpoint's own code: each datagram goes back to its sender. */
    private static final class Echo implements EventListener<Datagram<ByteBuffer>> {
        private static final Logger log = LoggerFactory.getLogger(Echo.class);

        @Override
        public void onMessage(Session session, Datagram<ByteBuffer> datagram) {
            // The datagram and its bytes are valid only until this method returns; on the event loop, sendPkg
            // copies them into the endpoint's output before returning.
            session.sendPkg(datagram);
        }

        @Override
        public void onError(Session session, Throwable cause) {
            log.warn("a datagram failed: {}", cause.toString()); // that datagram only: the endpoint goes on
        }
    }
}
