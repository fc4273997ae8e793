package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramCodec;
import io.getty.udp.UdpEndpoint;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** echo-client over UDP, in this process, against echo-server and against endpoints that lose or corrupt. */
class UdpEchoClientServerTest {
    private final Output out = new Output();
    private final Output err = new Output();

    private int echoClient(int port, String... more) {
        String[] args = new String[5 + more.length];
        args[0] = "echo-client";
        args[1] = "--transport";
        args[2] = "udp";
        args[3] = "--port";
        args[4] = String.valueOf(port);
        System.arraycopy(more, 0, args, 5, more.length);
        return Main.run(args, out.stream, err.stream);
    }

    @Test
    void everyEchoFromTheUdpEchoServerMatchesAndNoneIsLost() throws Exception {
        CommandLine commandLine = new CommandLine(new EchoServerCommand());
        commandLine.parseArgs("--transport", "udp", "--host", "127.0.0.1", "--port", "0", "--threads", "1");
        try (EchoServerCommand.Running server = commandLine.<EchoServerCommand>getCommand().start()) {
            assertThat(server.url()).isEqualTo("udp://127.0.0.1:" + server.port());
            int status = echoClient(server.port(), "--connections", "4", "--messages", "2000");
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            // 4 connections x 32 datagrams of 256 bytes: what the clients keep in flight fits the server's buffer.
            assertThat(out.text()).startsWith("echo-client: 8,000 messages of 256 bytes over 4 udp connections "
                    + "(window 32), every echo verified, 0 lost (tolerance 1%), in ");
        }
    }

    @Test
    void lossOverTheToleranceFailsAndUnderItPasses() throws Exception {
        // The 21st to 25th datagrams of each run are dropped: 5 of 100 lost (each is given up after half a second).
        try (Broken server = new Broken(new EventListener<>() {
            private int seen;

            @Override
            public void onMessage(Session session, Datagram<ByteBuffer> datagram) {
                int n = seen++ % 100;
                if (n < 20 || n >= 25) {
                    session.sendPkg(datagram);
                }
            }
        })) {
            int status = echoClient(server.port(), "--connections", "1", "--messages", "100", "--window", "8");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).isEqualTo("echo-client: FAILED: 5 of 100 messages lost (5.00%), more than the "
                    + "tolerance of 1%\n");

            Output ok = new Output();
            status = Main.run(new String[] {"echo-client", "--transport", "udp", "--port", String.valueOf(server.port()),
                "--connections", "1", "--messages", "100", "--window", "8", "--loss-tolerance", "5"},
                    ok.stream, err.stream);
            assertThat(status).isEqualTo(Main.OK);
            assertThat(ok.text()).contains("every echo verified, 5 lost (tolerance 5%)");
        }
    }

    @Test
    void aCorruptedEchoFailsNamingConnectionAndSequence() throws Exception {
        try (Broken server = new Broken(new EventListener<>() {
            private int seen;

            @Override
            public void onMessage(Session session, Datagram<ByteBuffer> datagram) {
                ByteBuffer echo = ByteBuffer.allocate(datagram.content().remaining()).put(datagram.content()).flip();
                if (seen++ == 50) {
                    echo.put(30, (byte) (echo.get(30) ^ 0x01));
                }
                session.sendPkg(Datagram.of(echo, datagram.peer()));
            }
        })) {
            int status = echoClient(server.port(), "--connections", "1", "--messages", "200", "--window", "1");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).matches(
                    "echo-client: FAILED: connection 0, sequence 50: byte 30 is 0x[0-9a-f]{2}, expected 0x[0-9a-f]{2}\n");
        }
    }

    @Test
    void aServerThatIsNotThereFailsAtOnce() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = s.getLocalPort();
        }
        int status = echoClient(port, "--connections", "1", "--messages", "100");
        assertThat(status).isEqualTo(Main.FAILED);
        assertThat(err.text()).isEqualTo("echo-client: FAILED: connection 0: the server is not there (ICMP port "
                + "unreachable)\n");
    }

    @Test
    void aSizeThatNoDatagramCarriesIsMisuse() {
        assertThat(echoClient(9, "--size", "70000")).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("echo-client: udp carries each message in one datagram, whose payload names "
                + "its connection and sequence: --size must be from 12 to 65507, not 70000\n");
    }

    /** A UDP endpoint whose session has {@code listener}. */
    private static final class Broken implements AutoCloseable {
        private final UdpEndpoint endpoint;

        Broken(EventListener<Datagram<ByteBuffer>> listener) {
            endpoint = UdpEndpoint.builder().bind(new InetSocketAddress("127.0.0.1", 0))
                    .onNewSession(s -> s.codec(new DatagramCodec()).listener(listener)).start();
        }

        int port() {
            return endpoint.port();
        }

        @Override
        public void close() {
            endpoint.close();
            endpoint.closeFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
