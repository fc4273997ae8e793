package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** echo-client, in this process, against echo-server and against servers that get the echo wrong. */
class EchoClientServerTest {
    private final Output out = new Output();
    private final Output err = new Output();

    private int echoClient(int port, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "echo-client";
        args[1] = "--port";
        args[2] = String.valueOf(port);
        System.arraycopy(more, 0, args, 3, more.length);
        return Main.run(args, out.stream, err.stream);
    }

    /** Starts the echo server that {@code echo-server FLAGS} would start, without blocking. */
    private static EchoServerCommand.Running echoServer(String... flags) {
        CommandLine commandLine = new CommandLine(new EchoServerCommand());
        commandLine.parseArgs(flags);
        return commandLine.<EchoServerCommand>getCommand().start();
    }

    @Test
    void everyEchoFromTheEchoServerMatches() throws Exception {
        try (EchoServerCommand.Running server = echoServer("--host", "127.0.0.1", "--port", "0", "--threads", "2")) {
            assertThat(server.url()).isEqualTo("tcp://127.0.0.1:" + server.port());

            int status = echoClient(server.port(), "--connections", "6", "--messages", "3000", "--size", "100",
                    "--window", "32");

            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text()).startsWith("echo-client: 18,000 messages of 100 bytes over 6 tcp connections "
                    + "(window 32), every echo verified, in ").contains("messages/s").contains("MiB/s");
        }
    }

    @Test
    void largeMessagesGetASmallerWindowAndStillMatch() throws Exception {
        try (EchoServerCommand.Running server = echoServer("--port", "0")) {
            int status = echoClient(server.port(), "--connections", "2", "--messages", "20", "--size", "1048576");
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text()).contains("(window 1)");
        }
    }

    @Test
    void aFlippedByteFailsNamingConnectionAndSequence() throws Exception {
        try (Broken server = new Broken(() -> new EventListener<ByteBuffer>() {
            private int seen;

            @Override
            public void onMessage(Session session, ByteBuffer message) {
                ByteBuffer echo = ByteBuffer.allocate(message.remaining()).put(message).flip();
                if (seen++ == 99) {
                    echo.put(20, (byte) (echo.get(20) ^ 0x40));
                }
                session.writePkg(echo);
            }
        })) {
            int status = echoClient(server.port(), "--connections", "3", "--messages", "500");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).matches(
                    "echo-client: FAILED: connection \\d, sequence 99: byte 20 is 0x[0-9a-f]{2}, expected 0x[0-9a-f]{2}\n");
            assertThat(out.text()).isEmpty();
        }
    }

    @Test
    void aLostConnectionFails() throws Exception {
        try (Broken server = new Broken(() -> new EventListener<ByteBuffer>() {
            private int seen;

            @Override
            public void onMessage(Session session, ByteBuffer message) {
                if (seen++ < 10) {
                    session.writePkg(message);
                } else {
                    session.close();
                }
            }
        })) {
            int status = echoClient(server.port(), "--connections", "1", "--messages", "500", "--window", "4");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).isEqualTo(
                    "echo-client: FAILED: connection 0, sequence 10: the connection was lost after 10 of 500 echoes\n");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (Broken server = new Broken(() -> (session, message) -> { })) {
            int status = echoClient(server.port(), "--connections", "2", "--timeout-seconds", "1");
            assertThat(status).isEqualTo(Main.FAILED);
            assertThat(err.text()).isEqualTo(
                    "echo-client: FAILED: connection 0, sequence 0: no echo within 1 s (0 of 10000 verified)\n");
        }
    }

    /** A length-field server whose sessions each get a listener from {@code listeners}. */
    private static final class Broken implements AutoCloseable {
        private final TcpServer server;

        Broken(Supplier<EventListener<ByteBuffer>> listeners) {
            server = TcpServer.builder()
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .threads(1)
                    .onNewSession(s -> s.codec(new LengthFieldCodec()).listener(listeners.get()))
                    .start();
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
