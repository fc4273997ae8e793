package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TlsTestSupport.clientConfig;
import static io.getty.tcp.TlsTestSupport.clientWithCertificate;
import static io.getty.tcp.TlsTestSupport.serverConfig;
import static io.getty.tcp.TlsTestSupport.tlsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.HandshakeException;
import io.getty.core.Session;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.Recorder;
import io.getty.tcp.TlsConfig.ClientAuth;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * getty's TLS client and server talking to each other over loopback: large and small messages, what
 * {@code onOpen} sees, mutual TLS, ALPN, delegated tasks on an executor, and the builder's checks.
 */
@Timeout(60)
class TlsSessionTest {
    private static final int MIB = 1024 * 1024;

    private TcpServer server;
    private TcpClient client;
    private ExecutorService tasks;

    @AfterEach
    void tearDown() throws Exception {
        closeAll(client, server);
        if (tasks != null) {
            tasks.shutdownNow();
        }
    }

    /** A recorder that also keeps what TLS told the session when it opened. */
    static final class TlsRecorder extends Recorder {
        volatile TlsInfo tlsAtOpen;

        /** A recorder that keeps what arrives and does not answer (the server echoes). */
        TlsRecorder() {
            super((s, pkg) -> { });
        }

        TlsRecorder(java.util.function.BiConsumer<Session, ByteBuffer> onMessage) {
            super(onMessage);
        }

        @Override
        public void onOpen(Session s) {
            tlsAtOpen = TlsInfo.of(s);
            super.onOpen(s);
        }
    }

    private Session connect(TlsConfig config, TlsRecorder recorder) throws Exception {
        client = TcpClient.builder().remoteAddress(server.localAddress()).threads(1).tls(config)
                .maxMessageLength(2 * MIB).writeBufferLimit(16 * MIB)
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
        return get(client.connectFuture());
    }

    private Accepted startServer(TlsConfig config) {
        Accepted accepted = new Accepted();
        server = tlsServer(config).maxMessageLength(2 * MIB).writeBufferLimit(16 * MIB)
                .onNewSession(accepted.initializer(() -> new TlsRecorder((s, pkg) -> s.writePkg(pkg)))).start();
        return accepted;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesLargeAndManySmallMessages(String protocol) throws Exception {
        Accepted accepted = startServer(serverConfig().protocols(protocol).build());
        TlsRecorder mine = new TlsRecorder();
        Session session = connect(clientConfig().build(), mine);

        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> sent = new ArrayList<>();
        List<WriteFuture> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] big = new byte[MIB];
            random.nextBytes(big);
            sent.add(big);
            futures.add(session.writePkg(ByteBuffer.wrap(big)));
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] small = ("small " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sent.add(small);
            futures.add(session.writePkg(ByteBuffer.wrap(small)));
        }
        for (WriteFuture f : futures) {
            assertThat(f.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        }
        for (int i = 0; i < sent.size(); i++) {
            byte[] echoed = mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(echoed).as("echo %d", i).isEqualTo(sent.get(i));
        }

        TlsInfo seenByClient = mine.tlsAtOpen;
        assertThat(seenByClient).as("TlsInfo in the client's onOpen").isNotNull();
        assertThat(seenByClient.protocol()).isEqualTo(protocol);
        assertThat(seenByClient.cipherSuite()).startsWith("TLS_");
        assertThat(seenByClient.applicationProtocol()).isNull();
        assertThat(((X509Certificate) seenByClient.peerCertificates().get(0)).getSubjectX500Principal().getName())
                .startsWith("CN=localhost,");
        TlsRecorder theirs = (TlsRecorder) accepted.next();
        TlsInfo seenByServer = theirs.tlsAtOpen;
        assertThat(seenByServer).as("TlsInfo in the server's onOpen").isNotNull();
        assertThat(seenByServer.protocol()).isEqualTo(protocol);
        assertThat(seenByServer.cipherSuite()).isEqualTo(seenByClient.cipherSuite());
        assertThat(seenByServer.peerCertificates()).as("no client certificate").isEmpty();
        assertThat(TlsInfo.of(session)).isSameAs(seenByClient);
        assertThat(session.stats().bytesWritten()).as("plaintext counted").isEqualTo(
                sent.stream().mapToLong(b -> 4L + b.length).sum());
    }

    @Test
    void alpnProtocolIsAgreedOn() throws Exception {
        startServer(serverConfig().alpnProtocols("getty/1", "h2").build());
        TlsRecorder mine = new TlsRecorder();
        connect(clientConfig().alpnProtocols("h2", "getty/1").build(), mine);
        assertThat(mine.tlsAtOpen.applicationProtocol()).isEqualTo("getty/1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void mutualTlsAcceptsATrustedClientCertificate(String protocol) throws Exception {
        TlsConfig config = serverConfig().protocols(protocol).clientAuth(ClientAuth.REQUIRE)
                .trustCertificates(TlsConfigTest.tls("ca.crt")).build();
        Accepted accepted = startServer(config);
        TlsRecorder mine = new TlsRecorder();
        Session session = connect(clientWithCertificate().build(), mine);
        session.writePkg(TcpTestSupport.buffer("mutual"));
        assertThat(mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(TcpTestSupport.utf8("mutual"));
        TlsInfo seenByServer = ((TlsRecorder) accepted.next()).tlsAtOpen;
        assertThat(((X509Certificate) seenByServer.peerCertificates().get(0)).getSubjectX500Principal().getName())
                .startsWith("CN=getty test client,");
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificateInTls12() throws Exception {
        TlsConfig config = serverConfig().protocols("TLSv1.2").clientAuth(ClientAuth.REQUIRE)
                .trustCertificates(TlsConfigTest.tls("ca.crt")).build();
        Accepted accepted = startServer(config);
        TlsRecorder mine = new TlsRecorder();
        client = TcpClient.builder().remoteAddress(server.localAddress()).threads(1).tls(clientConfig().build())
                .onNewSession(s -> s.codec(CODEC).listener(mine)).start();
        // In TLS 1.2 the server's refusal ends the client's handshake: the session never opens.
        assertThatThrownBy(() -> get(client.connectFuture())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HandshakeException.class);
        assertThat(mine.eventList()).isEmpty();
        Recorder theirs = accepted.next();
        await("the server side closed", () -> server.sessionCount() == 0);
        assertThat(theirs.eventList()).as("a session that never opened is not reported").isEmpty();
    }

    @Test
    void aRefusedClientHearsTheServersAlertBeforeTheConnectionCloses() throws Exception {
        TlsConfig config = serverConfig().protocols("TLSv1.2").clientAuth(ClientAuth.REQUIRE)
                .trustCertificates(TlsConfigTest.tls("ca.crt")).build();
        startServer(config);
        // A JDK client without a certificate: the server's handshake fails, and its alert must reach the
        // client, which then reports it (without it, only "Remote host terminated the handshake"). Which alert
        // depends on the JDK: 17 sends bad_certificate, 25 handshake_failure.
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) clientConfig().protocols("TLSv1.2").build()
                .sslContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            assertThatThrownBy(socket::startHandshake).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                    .hasMessageMatching("(?s).*Received fatal alert: (bad_certificate|handshake_failure).*");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificateInTls13() throws Exception {
        TlsConfig config = serverConfig().protocols("TLSv1.3").clientAuth(ClientAuth.REQUIRE)
                .trustCertificates(TlsConfigTest.tls("ca.crt")).build();
        Accepted accepted = startServer(config);
        TlsRecorder mine = new TlsRecorder();
        client = TcpClient.builder().remoteAddress(server.localAddress()).threads(1).tls(clientConfig().build())
                .onNewSession(s -> s.codec(CODEC).listener(mine)).start();
        // In TLS 1.3 the client's handshake is over before the server checks its certificate: the client's
        // session may open, and then closes when the server refuses it; nothing reaches the server's listener.
        try {
            Session session = get(client.connectFuture());
            session.writePkg(TcpTestSupport.buffer("let me in"));
            get(mine.closed);
            assertThat(mine.received).isEmpty();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HandshakeException.class);
        }
        Recorder theirs = accepted.next();
        await("the server side closed", () -> server.sessionCount() == 0);
        assertThat(theirs.eventList()).isEmpty();
    }

    @Test
    void delegatedTasksRunOnTheExecutor() throws Exception {
        tasks = Executors.newFixedThreadPool(2);
        AtomicInteger serverTasks = new AtomicInteger();
        AtomicInteger clientTasks = new AtomicInteger();
        startServer(serverConfig().delegatedTaskExecutor(r -> {
            serverTasks.incrementAndGet();
            tasks.execute(r);
        }).build());
        TlsRecorder mine = new TlsRecorder();
        Session session = connect(clientConfig().delegatedTaskExecutor(r -> {
            clientTasks.incrementAndGet();
            tasks.execute(r);
        }).build(), mine);
        for (int i = 0; i < 100; i++) {
            session.writePkg(TcpTestSupport.buffer("task " + i));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(mine.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo(TcpTestSupport.utf8("task " + i));
        }
        assertThat(serverTasks.get()).as("server handshakes that waited for the executor").isPositive();
        assertThat(clientTasks.get()).as("client handshakes that waited for the executor").isPositive();
        assertThat(mine.tlsAtOpen.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void manyClientsAtOnceWithTasksOnTheLoop() throws Exception {
        startServer(serverConfig().build());
        List<TcpClient> clients = new ArrayList<>();
        List<TlsRecorder> recorders = new ArrayList<>();
        try {
            TlsConfig config = clientConfig().build();
            for (int i = 0; i < 20; i++) {
                TlsRecorder r = new TlsRecorder();
                recorders.add(r);
                clients.add(TcpClient.builder().remoteAddress(server.localAddress()).threads(1).tls(config)
                        .onNewSession(s -> s.codec(CODEC).listener(r)).start());
            }
            for (int i = 0; i < clients.size(); i++) {
                get(clients.get(i).connectFuture()).writePkg(TcpTestSupport.buffer("client " + i));
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(recorders.get(i).received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .isEqualTo(TcpTestSupport.utf8("client " + i));
            }
        } finally {
            closeAll(clients.toArray(new TcpClient[0]));
        }
    }

    @Test
    void theBuilderWantsAConfigurationForItsSide() {
        TlsConfig serverSide = serverConfig().build();
        TlsConfig clientSide = clientConfig().build();
        assertThatThrownBy(() -> TcpServer.builder().tls(clientSide))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsConfig.forServer()");
        assertThatThrownBy(() -> TcpClient.builder().tls(serverSide))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsConfig.forClient()");
        assertThatThrownBy(() -> TcpClient.builder().tls(null)).isInstanceOf(NullPointerException.class);
    }
}
