package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TlsConfigTest.tls;
import static io.getty.tcp.TlsTestSupport.clientConfig;
import static io.getty.tcp.TlsTestSupport.serverConfig;
import static io.getty.tcp.TlsTestSupport.tlsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.HandshakeException;
import io.getty.core.HandshakeTimeoutException;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.Recorder;
import io.getty.tcp.TlsSessionTest.TlsRecorder;
import io.getty.tcp.TlsTestSupport.SslFrameClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input and bad peers on a TLS server or client: each fails its own session only (the server's listener
 * hears nothing of a session that never opened; a client's connect future says why), and another TLS
 * session on the same server keeps echoing afterwards.
 */
@Timeout(60)
class TlsBadInputTest {
    private TcpServer server;
    private TcpClient client;

    @AfterEach
    void tearDown() throws Exception {
        closeAll(client, server);
    }

    private Accepted startEchoServer(TlsConfig config) {
        Accepted accepted = new Accepted();
        server = tlsServer(config).onNewSession(accepted.initializer(
                () -> new TlsRecorder((s, pkg) -> s.writePkg(pkg)))).start();
        return accepted;
    }

    /** A good TLS client still gets its echo from the server. */
    private void serverStillEchoes(TlsConfig config) throws Exception {
        try (SslFrameClient good = SslFrameClient.connect(config, server.port())) {
            assertThat(good.echo("still here")).isEqualTo("still here");
        }
    }

    @Test
    void plainTcpBytesToTheTlsPortCloseOnlyThatConnection() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        // A raw socket, also when the suite runs layered: the server's answer is TLS (an alert), not records.
        try (Socket plain = new Socket(HOST, server.port())) {
            plain.setSoTimeout((int) WAIT.toMillis());
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            try {
                for (int n; (n = plain.getInputStream().read(buf)) >= 0; ) {
                    answer.write(buf, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // closed by a reset: closed all the same
            }
            byte[] got = answer.toByteArray();
            if (got.length > 0) {
                assertThat(got[0]).as("what the server says before it closes is a TLS alert").isEqualTo((byte) 0x15);
            }
        }
        Recorder refused = accepted.next();
        await("the plain session is gone", () -> server.sessionCount() == 0);
        assertThat(refused.eventList()).as("never opened, so never reported").isEmpty();
        serverStillEchoes(clientConfig().build());
    }

    @Test
    void aClientThatStallsMidHandshakeIsClosedAtTheTimeout() throws Exception {
        // Long enough for the good clients below to finish their own handshakes on a loaded machine.
        startEchoServer(serverConfig().handshakeTimeout(Duration.ofMillis(1500)).build());
        try (Socket stalled = new Socket(HOST, server.port())) {
            stalled.setSoTimeout((int) WAIT.toMillis());
            // A handshake record header announcing 100 bytes, and then nothing.
            stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 100, 0x01});
            stalled.getOutputStream().flush();
            serverStillEchoes(clientConfig().build()); // meanwhile, others are served
            assertThat(stalled.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        await("the stalled session is gone", () -> server.sessionCount() == 0);
        serverStillEchoes(clientConfig().build());
    }

    @Test
    void ourClientTimesOutAgainstASilentServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            TlsRecorder mine = new TlsRecorder();
            client = TcpClient.builder().remoteAddress(HOST, silent.getLocalPort()).threads(1)
                    .tls(clientConfig().handshakeTimeout(Duration.ofMillis(300)).build())
                    .onNewSession(s -> s.codec(CODEC).listener(mine)).start();
            try (Socket accepted = silent.accept()) {
                assertThatThrownBy(() -> get(client.connectFuture())).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(HandshakeTimeoutException.class);
                assertThat(accepted.getInputStream().readAllBytes()).as("the ClientHello, then the close").isNotEmpty();
            }
            assertThat(mine.eventList()).isEmpty();
        }
    }

    @Test
    void anUntrustedServerCertificateFailsTheClientsHandshake() throws Exception {
        TlsConfig selfSigned = TlsConfig.forServer().keyCertChain(tls("self-signed.crt"), tls("self-signed.key")).build();
        startEchoServer(selfSigned);
        HandshakeException e = failedConnect(clientConfig().build());
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
        assertThat(e).hasMessageContaining("TLS handshake with");
        // The same server, for a client that trusts its certificate.
        serverStillEchoes(TlsConfig.forClient().trustCertificates(tls("self-signed.crt")).build());
    }

    @Test
    void aCertificateForAnotherHostFailsTheClientsHandshake() throws Exception {
        TlsConfig otherHost = TlsConfig.forServer().keyCertChain(tls("other-host.crt"), tls("other-host.key")).build();
        startEchoServer(otherHost);
        HandshakeException e = failedConnect(clientConfig().build());
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
        // The same server, for a client that expects that name.
        serverStillEchoes(clientConfig().serverName("other-host.example").build());
    }

    /** Connects a getty client that must fail its handshake: no listener callback, the future says why. */
    private HandshakeException failedConnect(TlsConfig config) throws Exception {
        TlsRecorder mine = new TlsRecorder();
        client = TcpClient.builder().remoteAddress(server.localAddress()).threads(1).tls(config)
                .onNewSession(s -> s.codec(CODEC).listener(mine)).start();
        Throwable failure = null;
        try {
            client.connectFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException ex) {
            failure = ex.getCause();
        }
        assertThat(failure).isInstanceOf(HandshakeException.class);
        assertThat(mine.eventList()).as("a session that never opened hears nothing").isEmpty();
        await("the server side is gone", () -> server.sessionCount() == 0);
        return (HandshakeException) failure;
    }

    @Test
    void aRecordCutShortByTheEndOfStreamIsATruncation() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        try (EnginePeer peer = EnginePeer.connect(clientConfig().build(), server.port())) {
            peer.send(TcpTestSupport.frame(TcpTestSupport.utf8("before")));
            assertThat(peer.receiveFrame()).isEqualTo(TcpTestSupport.utf8("before"));
            // An application-data record header announcing 200 bytes, 10 of them, and the end of stream.
            peer.writeRaw(ByteBuffer.wrap(new byte[] {0x17, 0x03, 0x03, 0x00, (byte) 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
            peer.channel.shutdownOutput();
            Recorder theirs = accepted.next();
            assertThat(get(theirs.failed)).isInstanceOf(SSLException.class).hasMessageContaining("truncated");
            get(theirs.closed);
        }
        serverStillEchoes(clientConfig().build());
    }

    @Test
    void anEndOfStreamBetweenRecordsWithoutCloseNotifyIsHarmless() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        try (EnginePeer peer = EnginePeer.connect(clientConfig().build(), server.port())) {
            peer.send(TcpTestSupport.frame(TcpTestSupport.utf8("before")));
            assertThat(peer.receiveFrame()).isEqualTo(TcpTestSupport.utf8("before"));
            peer.channel.shutdownOutput();
            Recorder theirs = accepted.next();
            get(theirs.closed);
            assertThat(theirs.errors).isEmpty();
        }
    }

    @Test
    void garbageAfterTheHandshakeFailsThatSessionOnly() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        try (EnginePeer peer = EnginePeer.connect(clientConfig().build(), server.port())) {
            peer.send(TcpTestSupport.frame(TcpTestSupport.utf8("before")));
            assertThat(peer.receiveFrame()).isEqualTo(TcpTestSupport.utf8("before"));
            byte[] forged = new byte[5 + 64];
            forged[0] = 0x17;
            forged[1] = 0x03;
            forged[2] = 0x03;
            forged[4] = 64; // a record of 64 bytes that no key encrypted
            peer.writeRaw(ByteBuffer.wrap(forged));
            Recorder theirs = accepted.next();
            assertThat(get(theirs.failed)).isInstanceOf(SSLException.class);
            get(theirs.closed);
        }
        serverStillEchoes(clientConfig().build());
    }
}
