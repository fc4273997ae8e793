package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TlsTestSupport.clientConfig;
import static io.getty.tcp.TlsTestSupport.serverConfig;
import static io.getty.tcp.TlsTestSupport.tlsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TlsSessionTest.TlsRecorder;
import io.getty.tcp.TlsTestSupport.SslFrameClient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getty's TLS layer against TLS peers it did not write: the JDK's {@link SSLSocket} and
 * {@link SSLServerSocket}, and {@code openssl s_client} (skipped where {@code openssl} is not installed).
 * Every peer speaks 4-byte-length frames.
 */
@Timeout(60)
class TlsInteropTest {
    private TcpServer server;
    private TcpClient client;
    private SSLServerSocket jdkServer;

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() throws Exception {
        closeAll(client, server);
        if (jdkServer != null) {
            jdkServer.close();
        }
    }

    private Accepted startEchoServer(TlsConfig config) {
        Accepted accepted = new Accepted();
        server = tlsServer(config).onNewSession(accepted.initializer(
                () -> new TlsRecorder((s, pkg) -> s.writePkg(pkg)))).start();
        return accepted;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void jdkSslSocketTalksToOurServer(String protocol) throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        byte[] big = new byte[200_000];
        new SplittableRandom(3).nextBytes(big);
        try (SslFrameClient peer = SslFrameClient.connect(clientConfig().build(), server.port(), protocol)) {
            assertThat(peer.socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(peer.echo("hello")).isEqualTo("hello");
            peer.send(big);
            assertThat(peer.receive()).isEqualTo(big);
            for (int i = 0; i < 100; i++) {
                peer.send(("frame " + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(new String(peer.receive(), StandardCharsets.UTF_8)).isEqualTo("frame " + i);
            }
            TlsRecorder theirs = (TlsRecorder) accepted.next();
            assertThat(theirs.tlsAtOpen.protocol()).isEqualTo(protocol);
            assertThat(theirs.tlsAtOpen.cipherSuite()).isEqualTo(peer.socket.getSession().getCipherSuite());
        }
    }

    @Test
    void ourServerSaysCloseNotifyWhenItCloses() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        try (EnginePeer peer = EnginePeer.connect(clientConfig().build(), server.port())) {
            peer.send(TcpTestSupport.frame(TcpTestSupport.utf8("bye")));
            assertThat(peer.receiveFrame()).isEqualTo(TcpTestSupport.utf8("bye"));
            accepted.next().session.close();
            assertThat(peer.readToEnd()).isEqualTo(EnginePeer.End.CLOSE_NOTIFY);
        }
    }

    @Test
    void closeNowSaysNoGoodbye() throws Exception {
        Accepted accepted = startEchoServer(serverConfig().build());
        try (EnginePeer peer = EnginePeer.connect(clientConfig().build(), server.port())) {
            peer.send(TcpTestSupport.frame(TcpTestSupport.utf8("bye")));
            assertThat(peer.receiveFrame()).isEqualTo(TcpTestSupport.utf8("bye"));
            accepted.next().session.closeNow(); // the control for the test above: EnginePeer tells them apart
            assertThat(peer.readToEnd()).isEqualTo(EnginePeer.End.EOF_WITHOUT_CLOSE_NOTIFY);
        }
    }

    @Test
    void ourClientTalksToAJdkSslServerSocket() throws Exception {
        TlsConfig serverSide = serverConfig().build();
        jdkServer = (SSLServerSocket) serverSide.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName(HOST));
        jdkServer.setSSLParameters(serverSide.newEngine(null, -1).getSSLParameters());
        CompletableFuture<String> serverEnd = new CompletableFuture<>();
        Thread echo = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) jdkServer.accept()) {
                s.setSoTimeout((int) WAIT.toMillis());
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                while (true) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (java.io.EOFException e) {
                        serverEnd.complete("clean end");
                        return;
                    }
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    out.write(TcpTestSupport.frame(payload));
                    out.flush();
                }
            } catch (Throwable t) {
                serverEnd.completeExceptionally(t);
            }
        }, "jdk-tls-echo");
        echo.setDaemon(true);
        echo.start();

        TlsRecorder mine = new TlsRecorder();
        client = TcpClient.builder().remoteAddress(HOST, jdkServer.getLocalPort()).threads(1)
                .tls(clientConfig().build()).onNewSession(s -> s.codec(CODEC).listener(mine)).start();
        Session session = get(client.connectFuture());
        byte[] big = new byte[300_000];
        new SplittableRandom(5).nextBytes(big);
        session.writePkg(TcpTestSupport.buffer("one"));
        session.writePkg(java.nio.ByteBuffer.wrap(big));
        assertThat(get(session.writePkg(TcpTestSupport.buffer("three")).toCompletableFuture())).isNull();
        assertThat(mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(TcpTestSupport.utf8("one"));
        assertThat(mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(big);
        assertThat(mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(TcpTestSupport.utf8("three"));
        assertThat(mine.tlsAtOpen.protocol()).isEqualTo("TLSv1.3");

        session.close();
        // A graceful close ends the JDK's stream cleanly (close_notify itself: see ourServerSaysCloseNotify...).
        assertThat(serverEnd.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("clean end");
        get(mine.closed);
        assertThat(mine.errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void opensslSClientTalksToOurServer(String version) throws Exception {
        assumeThat(opensslAvailable()).as("openssl is installed").isTrue();
        Accepted accepted = startEchoServer(serverConfig().build());
        File errors = temp.resolve("s_client.err").toFile();
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", HOST + ":" + server.port(),
                version, "-CAfile", TlsConfigTest.tls("ca.crt").toString(), "-verify_return_error",
                "-servername", "localhost", "-quiet")
                .redirectError(errors).start();
        try {
            byte[] payload = "hello from openssl".getBytes(StandardCharsets.UTF_8);
            OutputStream stdin = openssl.getOutputStream();
            stdin.write(TcpTestSupport.frame(payload));
            stdin.flush();
            byte[] echoed = readFully(openssl.getInputStream(), 4 + payload.length);
            assertThat(Arrays.copyOfRange(echoed, 4, echoed.length)).as("echo; s_client said: %s",
                    Files.readString(errors.toPath())).isEqualTo(payload);
            TlsRecorder theirs = (TlsRecorder) accepted.next();
            assertThat(theirs.tlsAtOpen.protocol()).isEqualTo(version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2");
        } finally {
            openssl.destroy();
            openssl.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) {
                throw new IOException("the peer ended after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return b;
    }

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
