package io.getty.benchmarks.server;

import io.getty.benchmarks.support.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.getty.benchmarks.net.BenchmarkTls;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static io.getty.benchmarks.cli.CommandLines.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerCommandTest {

    @AfterEach
    void noThreadsLeft() throws InterruptedException {
        Threads.assertNoneLeft();
    }

    @Test
    void defaultsAndFlags() {
        ServerCommand server = parse("server", "--impl", "netty", "--port", "0");
        assertThat(server.impl).isEqualTo(ServerCommand.Impl.netty);
        assertThat(server.port).isZero();
        assertThat(server.host).isEqualTo("127.0.0.1");
        assertThat(server.threads).isEqualTo(1);
        ServerCommand set = parse("server", "--impl=bare", "--port=65535", "--host", "0.0.0.0", "--threads", "4");
        assertThat(set.impl).isEqualTo(ServerCommand.Impl.bare);
        assertThat(set.port).isEqualTo(65_535);
        assertThat(set.host).isEqualTo("0.0.0.0");
        assertThat(set.threads).isEqualTo(4);
    }

    @Test
    void rejectsUnknownImplAndMissingFlags() {
        assertThatThrownBy(() -> parse("server", "--impl", "grizzly", "--port", "0"))
                .hasMessage("Invalid value for option '--impl': expected one of [netty, bare, getty, netty_ws, getty_ws] (case-sensitive)"
                        + " but was 'grizzly'");
        assertThatThrownBy(() -> parse("server", "--port", "0")).hasMessage("Missing required option: '--impl=IMPL'");
        assertThatThrownBy(() -> parse("server", "--impl", "getty")).hasMessage("Missing required option: '--port=P'");
        assertThatThrownBy(() -> parse("server", "--impl", "getty", "--port", "0", "--threads", "0"))
                .hasMessageContaining("'--threads'");
    }

    @Test
    void nettyAndGettyEchoADatagramOverUdpAndBareHasNoUdpServer() throws Exception {
        for (String impl : new String[] {"netty", "getty"}) {
            ServerCommand command = parse("server", "--impl", impl, "--transport", "udp", "--port", "0");
            try (EchoServer server = command.start(); DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(10_000);
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(hello, hello.length, server.localAddress()));
                DatagramPacket echo = new DatagramPacket(new byte[64], 64);
                socket.receive(echo);
                assertThat(new String(echo.getData(), 0, echo.getLength(), StandardCharsets.US_ASCII)).as(impl)
                        .isEqualTo("hello");
            }
        }
        ServerCommand bare = parse("server", "--impl", "bare", "--transport", "udp", "--port", "0");
        assertThatThrownBy(bare::start).hasMessage("--impl bare has no UDP server");
    }

    @Test
    void gettyAndNettyEchoAFrameOverTls13WithThePinnedSuite() throws Exception {
        for (String impl : new String[] {"getty", "netty"}) {
            ServerCommand command = parse("server", "--impl", impl, "--port", "0", "--tls");
            try (EchoServer server = command.start();
                 SSLSocket socket = (SSLSocket) BenchmarkTls.clientContext().getSocketFactory()
                         .createSocket("127.0.0.1", server.localAddress().getPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                byte[] frame = ByteBuffer.allocate(9).putInt(5).put("hello".getBytes(StandardCharsets.US_ASCII)).array();
                socket.getOutputStream().write(frame);
                assertThat(socket.getInputStream().readNBytes(frame.length)).as(impl).isEqualTo(frame);
                assertThat(socket.getSession().getProtocol()).as(impl).isEqualTo("TLSv1.3");
                assertThat(socket.getSession().getCipherSuite()).as(impl).isEqualTo("TLS_AES_128_GCM_SHA256");
            }
        }
    }

    @Test
    void gettyAndNettyEchoAFrameOverRawDeflate() throws Exception {
        for (String impl : new String[] {"getty", "netty"}) {
            ServerCommand command = parse("server", "--impl", impl, "--port", "0", "--compression", "deflate");
            try (EchoServer server = command.start();
                 Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
                socket.setSoTimeout(10_000);
                byte[] frame = ByteBuffer.allocate(9).putInt(5).put("hello".getBytes(StandardCharsets.US_ASCII)).array();
                DeflaterOutputStream out = new DeflaterOutputStream(socket.getOutputStream(), new Deflater(1, true), true);
                out.write(frame);
                out.flush(); // SYNC_FLUSH: the server can inflate all of it
                InputStream in = new InflaterInputStream(socket.getInputStream(), new Inflater(true));
                assertThat(in.readNBytes(frame.length)).as(impl).isEqualTo(frame);
            }
        }
    }

    @Test
    void tlsAndDeflateOnlyWhereTheyAreBuilt() {
        ServerCommand bare = parse("server", "--impl", "bare", "--port", "0", "--tls");
        assertThatThrownBy(bare::start).hasMessage("--tls works with --transport tcp and --impl getty or netty only");
        ServerCommand udp = parse("server", "--impl", "getty", "--transport", "udp", "--port", "0", "--compression",
                "deflate");
        assertThatThrownBy(udp::start)
                .hasMessage("--compression deflate works with --transport tcp and --impl getty or netty only");
        ServerCommand both = parse("server", "--impl", "getty", "--port", "0", "--tls", "--compression", "deflate");
        assertThatThrownBy(both::start).hasMessage("--tls and --compression deflate are not measured together; give one");
    }

    @Test
    void everyImplStartsAndEchoesAFrame() throws Exception {
        for (ServerCommand.Impl impl : ServerCommand.Impl.values()) {
            if (impl.name().endsWith("_ws")) {
                continue; // WebSocket: see below
            }
            ServerCommand command = parse("server", "--impl", impl.name(), "--port", "0");
            try (EchoServer server = command.start();
                 Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
                byte[] frame = ByteBuffer.allocate(9).putInt(5).put("hello".getBytes(StandardCharsets.US_ASCII)).array();
                OutputStream out = socket.getOutputStream();
                out.write(frame);
                InputStream in = socket.getInputStream();
                assertThat(in.readNBytes(frame.length)).as(impl.name()).isEqualTo(frame);
            }
        }
    }

    @Test
    void webSocketImplsUpgradeAndEchoABinaryMessage() throws Exception {
        for (ServerCommand.Impl impl : new ServerCommand.Impl[] {ServerCommand.Impl.getty_ws, ServerCommand.Impl.netty_ws}) {
            ServerCommand command = parse("server", "--impl", impl.name(), "--port", "0");
            try (EchoServer server = command.start();
                 java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(server.localAddress())) {
                io.getty.benchmarks.load.WebSocketHandshake.perform(channel, "127.0.0.1",
                        server.localAddress().getPort(), "/echo", 5000);
                channel.configureBlocking(true);
                // A masked final binary frame with "hello" (key 00 00 00 00 keeps the bytes as they are).
                byte[] frame = {(byte) 0x82, (byte) 0x85, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'};
                channel.write(ByteBuffer.wrap(frame));
                ByteBuffer echo = ByteBuffer.allocate(7);
                while (echo.hasRemaining() && channel.read(echo) >= 0) {
                    // until the whole echo is in
                }
                assertThat(echo.array()).as(impl.name()).containsExactly(0x82, 0x05, 'h', 'e', 'l', 'l', 'o');
            }
        }
    }
}
