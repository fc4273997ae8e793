package io.getty.tcp;

import static io.getty.tcp.TlsConfigTest.PASSWORD;
import static io.getty.tcp.TlsConfigTest.tls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.tcp.TlsConfig.ClientAuth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@link TlsConfig}s talk over real loopback sockets, before getty has a TLS layer: the JDK's
 * {@link SSLServerSocket} and {@link SSLSocket}, each made from a configuration's context and given the
 * parameters of an engine from {@link TlsConfig#newEngine} (protocols, suites, ALPN, client
 * authentication, endpoint identification, SNI), so what is tested is what a session's engine will do.
 */
@Timeout(30)
class TlsHandshakeTest {
    private static final int SO_TIMEOUT_MILLIS = 5_000;
    private static final int PING = 42;

    private SSLServerSocket serverSocket;
    /** The server side of the last {@link #connect}. */
    private CompletableFuture<Result> server;

    /** What each side saw of one connection; the ALPN protocol as the client's socket reports it. */
    record Result(SSLSession client, SSLSession server, Principal clientSeenByServer, String alpn) {
    }

    @AfterEach
    void closeServer() throws IOException {
        if (serverSocket != null) {
            serverSocket.close();
        }
    }

    /**
     * Starts a server on 127.0.0.1 that handshakes once, answers one byte with one byte, and reports its
     * session; connects a client that believes it is talking to {@code host}; returns both sides' view.
     * The client's failure is thrown; the server's is in {@link #server}.
     */
    private Result connect(TlsConfig serverConfig, TlsConfig clientConfig, String host) throws Exception {
        serverSocket = (SSLServerSocket) serverConfig.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverSocket.setSSLParameters(serverConfig.newEngine(null, -1).getSSLParameters());
        CompletableFuture<SSLSession> serverSession = new CompletableFuture<>();
        CompletableFuture<Principal> clientPrincipal = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try (SSLSocket accepted = (SSLSocket) serverSocket.accept()) {
                accepted.setSoTimeout(SO_TIMEOUT_MILLIS);
                accepted.startHandshake();
                int ping = accepted.getInputStream().read();
                accepted.getOutputStream().write(ping);
                accepted.getOutputStream().flush();
                SSLSession session = accepted.getSession();
                try {
                    clientPrincipal.complete(session.getPeerPrincipal());
                } catch (SSLPeerUnverifiedException none) {
                    clientPrincipal.complete(null);
                }
                serverSession.complete(session);
            } catch (Throwable t) {
                serverSession.completeExceptionally(t);
                clientPrincipal.completeExceptionally(t);
            }
        }, "tls-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
        server = serverSession.thenCombine(clientPrincipal, (s, p) -> new Result(null, s, p, null));

        int port = serverSocket.getLocalPort();
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SO_TIMEOUT_MILLIS);
        try (SSLSocket client = (SSLSocket) clientConfig.sslContext().getSocketFactory()
                .createSocket(plain, host, port, true)) {
            client.setSoTimeout(SO_TIMEOUT_MILLIS);
            client.setSSLParameters(clientConfig.newEngine(host, port).getSSLParameters());
            client.startHandshake();
            client.getOutputStream().write(PING);
            client.getOutputStream().flush();
            // with TLS 1.3 a server's refusal of the client's certificate arrives after the client's handshake
            int pong = client.getInputStream().read();
            assertThat(pong).isEqualTo(PING);
            Result seenByServer = server.get(SO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return new Result(client.getSession(), seenByServer.server(), seenByServer.clientSeenByServer(),
                    client.getApplicationProtocol());
        }
    }

    /** The server's failure, after the client's. */
    private Throwable serverFailure() throws InterruptedException {
        try {
            server.get(SO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            throw new AssertionError("the server side succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server side did not finish", e);
        }
    }

    private static TlsConfig server() {
        return TlsConfigTest.pemServer().build();
    }

    private static TlsConfig client() {
        return TlsConfigTest.caClient().build();
    }

    @Test
    void tls13ByDefault() throws Exception {
        Result result = connect(server(), client(), "localhost");
        assertThat(result.client().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(result.server().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(result.clientSeenByServer()).isNull();
    }

    @Test
    void tls12WhenTheClientOffersOnlyThat() throws Exception {
        Result result = connect(server(), TlsConfigTest.caClient().protocols("TLSv1.2").build(), "localhost");
        assertThat(result.client().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(result.client().getCipherSuite()).startsWith("TLS_ECDHE_RSA_");
    }

    @Test
    void anEcCertificateFromSec1AndAChainFromPkcs12() throws Exception {
        TlsConfig ec = TlsConfig.forServer().keyCertChain(tls("server-ec.crt"), tls("server-ec-sec1.key")).build();
        assertThat(connect(ec, client(), "localhost").client().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
        closeServer();
        TlsConfig pkcs12 = TlsConfig.forServer().keyStore(tls("server-ec.p12"), PASSWORD).build();
        TlsConfig trustStore = TlsConfig.forClient().trustStore(tls("truststore.p12"), PASSWORD)
                .protocols("TLSv1.2").build();
        Result result = connect(pkcs12, trustStore, "localhost");
        assertThat(result.client().getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_");
        assertThat(result.client().getPeerCertificates()).as("the chain from the keystore").hasSize(2);
    }

    @Test
    void hostNameVerificationAcceptsLocalhostAndTheLoopbackAddress() throws Exception {
        connect(server(), client(), "localhost");
        closeServer();
        Result byIp = connect(server(), client(), "127.0.0.1");
        assertThat(byIp.client().getPeerHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void hostNameVerificationRejectsACertificateForAnotherName() throws Exception {
        TlsConfig otherHost = TlsConfig.forServer().keyCertChain(tls("other-host.crt"), tls("other-host.key")).build();
        assertThatThrownBy(() -> connect(otherHost, client(), "localhost"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("No subject alternative DNS name matching localhost");
        // the server hears the client's alert or, if the client has closed first, a broken pipe
        assertThat(serverFailure()).isInstanceOf(IOException.class);
    }

    @Test
    void theServerNameIsWhatIsVerified() throws Exception {
        TlsConfig otherHost = TlsConfig.forServer().keyCertChain(tls("other-host.crt"), tls("other-host.key")).build();
        TlsConfig named = TlsConfigTest.caClient().serverName("other-host.example").build();
        Result result = connect(otherHost, named, "other-host.example");
        assertThat(result.client().getPeerHost()).isEqualTo("other-host.example");
    }

    @Test
    void withVerificationOffOnlyTheChainIsChecked() throws Exception {
        TlsConfig otherHost = TlsConfig.forServer().keyCertChain(tls("other-host.crt"), tls("other-host.key")).build();
        connect(otherHost, TlsConfigTest.caClient().hostnameVerification(false).build(), "localhost");
        closeServer();
        TlsConfig selfSigned = TlsConfig.forServer().keyCertChain(tls("self-signed.crt"), tls("self-signed.key")).build();
        assertThatThrownBy(() -> connect(selfSigned, TlsConfigTest.caClient().hostnameVerification(false).build(),
                "localhost"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void theJdksTrustRejectsTheTestCa() {
        assertThatThrownBy(() -> connect(server(), TlsConfig.forClient().build(), "localhost"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void insecureAcceptsASelfSignedCertificateAndAnotherName() throws Exception {
        TlsConfig insecure = TlsConfig.forClient().insecureSkipVerify().build();
        TlsConfig selfSigned = TlsConfig.forServer().keyCertChain(tls("self-signed.crt"), tls("self-signed.key")).build();
        assertThat(connect(selfSigned, insecure, "localhost").client().getProtocol()).isEqualTo("TLSv1.3");
        closeServer();
        TlsConfig otherHost = TlsConfig.forServer().keyCertChain(tls("other-host.crt"), tls("other-host.key")).build();
        connect(otherHost, insecure, "localhost");
    }

    @Test
    void mutualTlsRequiredRejectsAClientWithoutACertificate() throws Exception {
        TlsConfig mutual = TlsConfigTest.pemServer().trustCertificates(tls("ca.crt")).clientAuth(ClientAuth.REQUIRE).build();
        // the client hears the server's alert or, if the server has closed first, a broken pipe
        assertThatThrownBy(() -> connect(mutual, client(), "localhost")).isInstanceOf(IOException.class);
        assertThat(serverFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Empty client certificate chain");
    }

    @Test
    void mutualTlsRequiredAcceptsTheClientCertificate() throws Exception {
        TlsConfig mutual = TlsConfigTest.pemServer().trustCertificates(tls("ca.crt")).clientAuth(ClientAuth.REQUIRE).build();
        TlsConfig withCertificate = TlsConfigTest.caClient().keyCertChain(tls("client.crt"), tls("client.key")).build();
        Result result = connect(mutual, withCertificate, "localhost");
        assertThat(result.clientSeenByServer().getName()).contains("CN=getty test client");
    }

    @Test
    void mutualTlsOptionalAcceptsAClientWithoutACertificate() throws Exception {
        TlsConfig optional = TlsConfigTest.pemServer().trustStore(tls("truststore.p12"), PASSWORD)
                .clientAuth(ClientAuth.OPTIONAL).build();
        assertThat(connect(optional, client(), "localhost").clientSeenByServer()).isNull();
        closeServer();
        TlsConfig withCertificate = TlsConfigTest.caClient().keyStore(tls("client.p12"), PASSWORD).build();
        assertThat(connect(optional, withCertificate, "localhost").clientSeenByServer()).isNotNull();
    }

    @Test
    void alpnIsNegotiated() throws Exception {
        TlsConfig server = TlsConfigTest.pemServer().alpnProtocols("h2", "getty").build();
        TlsConfig client = TlsConfigTest.caClient().alpnProtocols("getty").build();
        assertThat(connect(server, client, "localhost").alpn()).isEqualTo("getty");
        closeServer();
        assertThat(connect(server, TlsConfigTest.caClient().build(), "localhost").alpn()).as("none offered").isEmpty();
        closeServer();
        TlsConfig other = TlsConfigTest.caClient().alpnProtocols("spdy/1").build();
        assertThatThrownBy(() -> connect(server, other, "localhost")).isInstanceOf(SSLException.class)
                .hasMessageContaining("no_application_protocol");
    }
}
