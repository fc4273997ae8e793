package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.tcp.TlsConfig;
import io.getty.tcp.TlsInfo;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebSocket over TLS: the JDK's client and ours against our wss server. */
class WssTest {
    private WsServer server;
    private WsClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            client.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        if (server != null) {
            server.close();
            server.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    static Path tls(String name) {
        try {
            return Path.of(WssTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static TlsConfig serverTls() {
        return TlsConfig.forServer().keyCertChain(tls("server.crt"), tls("server.key")).build();
    }

    static TlsConfig clientTls() {
        return TlsConfig.forClient().trustCertificates(tls("ca.crt")).build();
    }

    /** A JDK context that trusts the test CA. */
    static SSLContext jdkContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream ca = WssTest.class.getResourceAsStream("/tls/ca.crt")) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void jdkClientOverWss() throws Exception {
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().tls(serverTls())
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        HttpClient http = HttpClient.newBuilder().sslContext(jdkContext()).build();
        JdkClient jdk = JdkClient.connect(URI.create("wss://localhost:" + server.port() + "/echo"), http);
        jdk.socket.sendText("over TLS ✓", true).join();
        assertThat(jdk.next()).isEqualTo("over TLS ✓");
        byte[] big = new byte[200_000];
        new java.util.Random(5).nextBytes(big);
        jdk.socket.sendBinary(ByteBuffer.wrap(big), true).join();
        assertThat((byte[]) jdk.next()).isEqualTo(big);
        Session session = recorder.opened.poll(5, TimeUnit.SECONDS);
        assertThat(TlsInfo.of(session)).isNotNull();
        assertThat(WebSocketInfo.of(session).path()).isEqualTo("/echo");
        jdk.socket.sendClose(1000, "tls bye").join();
        assertThat(jdk.closed.get(5, TimeUnit.SECONDS).code()).isEqualTo(1000);
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session)).isEqualTo(new CloseStatus(1000, "tls bye"));
    }

    @Test
    void ourClientOverWssWithCompression() throws Exception {
        server = WsTestSupport.echoServer().tls(serverTls()).compression(true).start();
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        client = WsClient.builder().uri("wss://localhost:" + server.port() + "/echo").tls(clientTls()).threads(1)
                .compression(true).onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
        assertThat(TlsInfo.of(session)).isNotNull();
        assertThat(WebSocketInfo.of(session).compressed()).isTrue();
        for (int i = 0; i < 100; i++) {
            session.sendPkg("secret " + i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("secret " + i);
        }
        byte[] big = new byte[1 << 20];
        new java.util.Random(6).nextBytes(big);
        session.writePkg(ByteBuffer.wrap(big));
        assertThat((byte[]) recorder.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(big);
        WebSocket.close(session, 1001, "going");
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session).code()).isEqualTo(1001);
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void wssWithoutTrustFailsTheHandshake() {
        server = WsTestSupport.echoServer().tls(serverTls()).start();
        client = WsClient.builder().uri("wss://localhost:" + server.port() + "/echo")
                .reconnect(io.getty.core.Reconnect.never())
                .onNewSession(s -> s.codec(WebSocketCodecs.text(), (x, m) -> { })).start();
        assertThat(client.connectFuture()).failsWithin(10, TimeUnit.SECONDS);
    }
}
