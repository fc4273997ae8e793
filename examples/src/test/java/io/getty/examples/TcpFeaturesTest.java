package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import io.getty.tcp.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** echo-client and echo-server with --tls, --insecure, --compression and --reconnect, in this process. */
class TcpFeaturesTest {
    private final Output out = new Output();
    private final Output err = new Output();

    private int echoClient(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("echo-client", "--port", String.valueOf(port)));
        args.addAll(List.of(more));
        return Main.run(args.toArray(new String[0]), out.stream, err.stream);
    }

    /** Starts the echo server that {@code echo-server FLAGS} would start, without blocking. */
    private static EchoServerCommand.Running echoServer(String... flags) {
        CommandLine commandLine = new CommandLine(new EchoServerCommand());
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--threads", "2"));
        args.addAll(List.of(flags));
        commandLine.parseArgs(args.toArray(new String[0]));
        return commandLine.<EchoServerCommand>getCommand().start();
    }

    @Test
    void everyEchoOverTlsMatches() {
        try (EchoServerCommand.Running server = echoServer("--tls")) {
            int status = echoClient(server.port(), "--tls", "--connections", "3", "--messages", "2000");
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text()).startsWith("echo-client: 6,000 messages of 256 bytes over 3 tcp+tls connections "
                    + "(window 64), every echo verified, in ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate", "snappy"})
    void everyEchoMatchesCompressedAloneAndUnderTls(String compression) {
        for (boolean tls : new boolean[] {false, true}) {
            String[] flags = tls ? new String[] {"--compression", compression, "--tls"}
                    : new String[] {"--compression", compression};
            try (EchoServerCommand.Running server = echoServer(flags)) {
                Output run = new Output();
                List<String> args = new ArrayList<>(List.of("echo-client", "--port", String.valueOf(server.port()),
                        "--connections", "2", "--messages", "1500", "--size", "1000"));
                args.addAll(List.of(flags));
                int status = Main.run(args.toArray(new String[0]), run.stream, err.stream);
                assertThat(err.text()).isEmpty();
                assertThat(status).isEqualTo(Main.OK);
                assertThat(run.text()).contains("over 2 tcp" + (tls ? "+tls" : "") + "+" + compression
                        + " connections (window 64), every echo verified, in ");
            }
        }
    }

    @Test
    void aLargeMessageOverTlsAndDeflateMatches() {
        try (EchoServerCommand.Running server = echoServer("--tls", "--compression", "deflate")) {
            int status = echoClient(server.port(), "--tls", "--compression", "deflate", "--connections", "1",
                    "--messages", "5", "--size", "1048576");
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text()).contains("5 messages of 1,048,576 bytes over 1 tcp+tls+deflate connection");
        }
    }

    @Test
    void theServerNamesWhatIsOnInItsOneLineAndWarnsOfTheExampleCertificate() {
        EchoServerCommand command = (EchoServerCommand) Main.commandLine(new PrintWriter(out.stream, true),
                        new PrintWriter(err.stream, true))
                .parseArgs("echo-server", "--host", "127.0.0.1", "--port", "0", "--tls", "--compression", "snappy")
                .subcommand().commandSpec().userObject();
        try (EchoServerCommand.Running server = command.start()) {
            command.announce(server);
            assertThat(out.text()).isEqualTo("echo-server listening on tcp://127.0.0.1:" + server.port()
                    + " (tls, snappy)\n");
            assertThat(err.text()).isEqualTo("echo-server: the example certificate shipped in the jar is NOT FOR "
                    + "PRODUCTION: its private key is public, so anyone can impersonate this server and read its "
                    + "traffic\n");
            Output client = new Output();
            assertThat(Main.run(new String[] {"echo-client", "--port", String.valueOf(server.port()), "--tls",
                "--compression", "snappy", "--messages", "100"}, client.stream, client.stream)).isEqualTo(Main.OK);
        }
        EchoServerCommand plain = (EchoServerCommand) Main.commandLine(new PrintWriter(out.stream, true),
                        new PrintWriter(err.stream, true))
                .parseArgs("echo-server", "--host", "127.0.0.1", "--port", "0")
                .subcommand().commandSpec().userObject();
        try (EchoServerCommand.Running server = plain.start()) {
            plain.announce(server);
            assertThat(out.text()).endsWith("\necho-server listening on tcp://127.0.0.1:" + server.port() + "\n");
        }
        // wss serves the same shipped key, so it warns too.
        EchoServerCommand wss = (EchoServerCommand) Main.commandLine(new PrintWriter(out.stream, true),
                        new PrintWriter(err.stream, true))
                .parseArgs("echo-server", "--host", "127.0.0.1", "--port", "0", "--transport", "wss")
                .subcommand().commandSpec().userObject();
        try (EchoServerCommand.Running server = wss.start()) {
            int warned = err.text().length();
            wss.announce(server);
            assertThat(err.text().substring(warned)).isEqualTo("echo-server: " + ExampleTls.SERVER_WARNING + "\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"self-signed", "other-host"})
    void aCertificateTheClientCannotVerifyFailsTheRunUnlessInsecure(String certificate) {
        try (Plain server = new Plain(() -> (session, message) -> session.sendPkg(message), untrusted(certificate))) {
            int status = echoClient(server.port(), "--tls", "--connections", "2", "--messages", "100");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).startsWith("echo-client: FAILED: connection ").contains(
                    ": could not connect to tcp://127.0.0.1:" + server.port() + ": HandshakeException: ");
            assertThat(out.text()).isEmpty();

            Output insecureOut = new Output();
            Output insecureErr = new Output();
            status = Main.run(new String[] {"echo-client", "--port", String.valueOf(server.port()), "--tls",
                "--insecure", "--connections", "2", "--messages", "100"}, insecureOut.stream, insecureErr.stream);
            assertThat(status).isEqualTo(Main.OK);
            assertThat(insecureErr.text()).isEqualTo("echo-client: WARNING: --insecure: the server's certificate is "
                    + "NOT verified; anyone in the middle can read and change this traffic\n");
            assertThat(insecureOut.text()).contains("200 messages of 256 bytes over 2 tcp+tls connections");
        }
    }

    @Test
    void endsThatDisagreeFail() {
        try (EchoServerCommand.Running plain = echoServer(); EchoServerCommand.Running tls = echoServer("--tls")) {
            assertThat(echoClient(plain.port(), "--tls", "--timeout-seconds", "10")).isEqualTo(Main.FAILED);
            assertThat(err.text()).contains("could not connect to tcp://127.0.0.1:" + plain.port());
            assertThat(echoClient(tls.port(), "--timeout-seconds", "10")).isEqualTo(Main.FAILED);
            assertThat(echoClient(plain.port(), "--compression", "deflate", "--timeout-seconds", "5"))
                    .isEqualTo(Main.FAILED);
            assertThat(out.text()).isEmpty();
        }
    }

    @Test
    void withReconnectALostConnectionIsMadeAgainAndNothingIsSkipped() {
        // The server closes every session after echoing 100 messages: ten sessions for 1,000 messages.
        try (Plain server = new Plain(() -> new EventListener<ByteBuffer>() {
            private int echoed;

            @Override
            public void onMessage(Session session, ByteBuffer message) {
                if (echoed < 100) {
                    session.sendPkg(message);
                    if (++echoed == 100) {
                        session.close();
                    }
                }
            }
        }, null)) {
            int status = echoClient(server.port(), "--reconnect", "10ms", "--connections", "2", "--messages", "1000",
                    "--window", "16", "--timeout-seconds", "30");
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            Matcher m = Pattern.compile("echo-client: 2,000 messages of 256 bytes over 2 tcp connections \\(window 16\\), "
                    + "every echo verified, (\\d+) reconnections, in .*\n").matcher(out.text());
            assertThat(m.matches()).as(out.text()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(2 * 9);

            // The same server without --reconnect: the first lost connection ends the run.
            Output plain = new Output();
            status = Main.run(new String[] {"echo-client", "--port", String.valueOf(server.port()), "--connections",
                "1", "--messages", "1000", "--window", "16"}, plain.stream, plain.stream);
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(plain.text()).isEqualTo("echo-client: FAILED: connection 0, sequence 100: the connection was "
                    + "lost after 100 of 1000 echoes\n");
        }
    }

    @Test
    void withReconnectTheClientWaitsForAServerThatIsNotThereYet() throws Exception {
        // First a listener that drops every connection at once, then, on the same port, the echo server.
        try (ServerSocket dropper = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = dropper.getLocalPort();
            CompletableFuture<Integer> client = CompletableFuture.supplyAsync(() -> echoClient(port, "--reconnect",
                    "20ms", "--connections", "2", "--messages", "500", "--timeout-seconds", "30"));
            for (int dropped = 0; dropped < 4; dropped++) {
                try (Socket s = dropper.accept()) {
                    s.setSoLinger(true, 0); // a reset: the client's session is lost at once
                }
            }
            dropper.close();
            try (EchoServerCommand.Running server = echoServerOn(port)) {
                assertThat(client.get(30, TimeUnit.SECONDS)).as(err.text()).isEqualTo(Main.OK);
            }
            assertThat(out.text()).containsPattern("1,000 messages of 256 bytes over 2 tcp connections \\(window 64\\), "
                    + "every echo verified, \\d+ reconnections?, in ");
        }
    }

    private static EchoServerCommand.Running echoServerOn(int port) {
        CommandLine commandLine = new CommandLine(new EchoServerCommand());
        commandLine.parseArgs("--host", "127.0.0.1", "--port", String.valueOf(port), "--threads", "1");
        return commandLine.<EchoServerCommand>getCommand().start();
    }

    @Test
    void withReconnectAndNoServerTheTimeoutSaysWhyItCouldNotConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(echoClient(port, "--reconnect", "--connections", "1", "--timeout-seconds", "1"))
                .isEqualTo(Main.FAILED);
        assertThat(err.text()).isEqualTo("echo-client: FAILED: connection 0, not connected within 1 s; last failure: "
                + "ConnectException: Connection refused\n");
    }

    /** A server certificate from the test resources that the examples' client does not accept. */
    private static TlsConfig untrusted(String name) {
        try (InputStream chain = resource(name + ".crt"); InputStream key = resource(name + ".key")) {
            return TlsConfig.forServer().keyCertChain(chain, key).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        return TcpFeaturesTest.class.getResourceAsStream("/tls-untrusted/" + name);
    }

    /** A length-field server whose sessions each get a listener from {@code listeners}; TLS if {@code tls}. */
    private static final class Plain implements AutoCloseable {
        private final TcpServer server;

        Plain(Supplier<EventListener<ByteBuffer>> listeners, TlsConfig tls) {
            TcpServer.Builder builder = TcpServer.builder()
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .threads(1)
                    .onNewSession(s -> s.codec(new LengthFieldCodec()).listener(listeners.get()));
            if (tls != null) {
                builder.tls(tls);
            }
            server = builder.start();
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
            server.closeFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
