package io.getty.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.GettyException;
import io.getty.tcp.TlsConfig.ClientAuth;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsConfig}: its defaults, what its builders refuse and why, and the engines it makes. */
class TlsConfigTest {
    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path temp;

    static Path tls(String name) {
        try {
            return Path.of(TlsConfigTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static TlsConfig.ServerBuilder pemServer() {
        return TlsConfig.forServer().keyCertChain(tls("server.crt"), tls("server.key"));
    }

    static TlsConfig.ClientBuilder caClient() {
        return TlsConfig.forClient().trustCertificates(tls("ca.crt"));
    }

    // ---- defaults

    @Test
    void defaultsAreThoseDocumented() {
        TlsConfig server = pemServer().build();
        TlsConfig client = caClient().build();
        for (TlsConfig config : List.of(server, client)) {
            assertThat(config.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(config.cipherSuites()).isEmpty();
            assertThat(config.alpnProtocols()).isEmpty();
            assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.closeNotifyTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.isInsecure()).isFalse();
            assertThat(config.serverName()).isNull();
        }
        assertThat(server.isClient()).isFalse();
        assertThat(server.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(server.hostnameVerification()).isFalse();
        assertThat(client.isClient()).isTrue();
        assertThat(client.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(client.hostnameVerification()).isTrue();
        assertThat(TlsConfig.forClient().build().sslContext().getProtocol()).as("JDK trust").isEqualTo("TLS");
    }

    @Test
    void settersAreKept() {
        TlsConfig config = caClient().protocols("TLSv1.2").cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                .alpnProtocols("h2", "http/1.1").handshakeTimeout(Duration.ofSeconds(1))
                .closeNotifyTimeout(Duration.ZERO).serverName("example.com").build();
        assertThat(config.protocols()).containsExactly("TLSv1.2");
        assertThat(config.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(config.alpnProtocols()).containsExactly("h2", "http/1.1");
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.closeNotifyTimeout()).isZero();
        assertThat(config.serverName()).isEqualTo("example.com");
    }

    // ---- setters validate

    @Test
    void settersRefuseBadValuesAtOnce() {
        TlsConfig.ClientBuilder b = TlsConfig.forClient();
        assertThatThrownBy(b::protocols).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> b.protocols("TLSv1.3", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> b.protocols("TLSv1.3", "TLSv1.3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'TLSv1.3' given twice");
        assertThatThrownBy(b::cipherSuites).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.alpnProtocols("x".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> b.handshakeTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handshake timeout must be >= 0");
        assertThatThrownBy(() -> b.closeNotifyTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("close_notify timeout must be >= 0");
        assertThatThrownBy(() -> b.serverName(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.engineCustomizer(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("customizer");
        assertThatThrownBy(() -> b.keyCertChain(tls("server.crt"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("private key file");
        assertThatThrownBy(() -> b.keyStore(tls("server.p12"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TlsConfig.forServer().clientAuth(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- build refuses what contradicts itself or is missing

    @Test
    void aServerNeedsACertificate() {
        assertThatThrownBy(() -> TlsConfig.forServer().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs its certificate and key");
    }

    @Test
    void clientAuthNeedsTrustAndTrustNeedsClientAuth() {
        assertThatThrownBy(() -> pemServer().clientAuth(ClientAuth.REQUIRE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clientAuth(REQUIRE) needs trustCertificates(...) or trustStore(...)");
        assertThatThrownBy(() -> pemServer().trustCertificates(tls("ca.crt")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clientAuth(OPTIONAL or REQUIRE)");
        assertThat(pemServer().trustStore(tls("truststore.p12"), PASSWORD).clientAuth(ClientAuth.OPTIONAL).build()
                .clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
    }

    @Test
    void twoSourcesOfTheSameThingAreRefused() throws Exception {
        assertThatThrownBy(() -> pemServer().keyStore(tls("server.p12"), PASSWORD).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("choose one");
        assertThatThrownBy(() -> caClient().trustStore(tls("truststore.p12"), PASSWORD).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("choose one");
        assertThatThrownBy(() -> caClient().insecureSkipVerify().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("insecureSkipVerify() trusts anyone");
        SSLContext jdk = SSLContext.getDefault();
        assertThatThrownBy(() -> pemServer().sslContext(jdk).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sslContext(...) brings its own");
        assertThatThrownBy(() -> TlsConfig.forClient().sslContext(jdk).insecureSkipVerify().build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aContextThatIsNotInitializedIsRefusedByBuild() throws Exception {
        SSLContext uninitialized = SSLContext.getInstance("TLS");
        assertThatThrownBy(() -> TlsConfig.forClient().sslContext(uninitialized).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not initialized; call its init(...) first");
    }

    @Test
    void unsupportedProtocolsAndSuitesAreRefusedByBuild() {
        assertThatThrownBy(() -> caClient().protocols("TLSv1.4").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protocol 'TLSv1.4' is not supported")
                .hasMessageContaining("TLSv1.3");
        assertThatThrownBy(() -> caClient().cipherSuites("TLS_NO_SUCH_SUITE").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cipher suite 'TLS_NO_SUCH_SUITE' is not supported");
    }

    @Test
    void fileProblemsAreGettyExceptionsThatNameTheFile() {
        Path missing = temp.resolve("missing.crt");
        assertThatThrownBy(() -> TlsConfig.forServer().keyCertChain(missing, tls("server.key")).build())
                .isInstanceOf(GettyException.class)
                .hasMessage("TLS certificate chain file " + missing + ": no such file");
        assertThatThrownBy(() -> caClient().keyCertChain(tls("client.key"), tls("client.crt")).build())
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("holds a private key, not a certificate");
        assertThatThrownBy(() -> TlsConfig.forServer()
                .keyCertChain(tls("server.crt"), tls("server-encrypted.key"), "nope".toCharArray()).build())
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> TlsConfig.forServer().keyStore(tls("server.p12"), "nope".toCharArray()).build())
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("TLS key store file " + tls("server.p12") + ": wrong password");
    }

    @Test
    void everyKindOfMaterialBuilds() throws Exception {
        assertThat(TlsConfig.forServer().keyCertChain(tls("server-chain.crt"), tls("server-pkcs1.key")).build()).isNotNull();
        assertThat(TlsConfig.forServer().keyCertChain(tls("server.crt"), tls("server-encrypted.key"), PASSWORD).build())
                .isNotNull();
        assertThat(TlsConfig.forServer().keyCertChain(tls("server-ec.crt"), tls("server-ec-sec1.key")).build()).isNotNull();
        assertThat(TlsConfig.forServer().keyStore(tls("server-ec.p12"), PASSWORD).build()).isNotNull();
        assertThat(TlsConfig.forClient().trustStore(tls("truststore.p12"), PASSWORD)
                .keyStore(tls("client.p12"), PASSWORD).build()).isNotNull();
        try (InputStream chain = Files.newInputStream(tls("server.crt"));
             InputStream key = Files.newInputStream(tls("server-encrypted.key"));
             InputStream ca = Files.newInputStream(tls("ca.crt"))) {
            TlsConfig.ServerBuilder fromStreams = TlsConfig.forServer().keyCertChain(chain, key, PASSWORD)
                    .trustCertificates(ca).clientAuth(ClientAuth.REQUIRE);
            assertThat(fromStreams.build().toString()).contains("certificate chain stream");
        }
    }

    @Test
    void toStringSaysWhatMattersAndNoPassword() {
        String server = TlsConfig.forServer().keyCertChain(tls("server.crt"), tls("server-encrypted.key"), PASSWORD)
                .build().toString();
        assertThat(server).contains("server", "server.crt", "TLSv1.3", "clientAuth=NONE").doesNotContain("changeit");
        assertThat(TlsConfig.forClient().insecureSkipVerify().build().toString())
                .contains("client", "INSECURE", "hostnameVerification=false");
    }

    // ---- engines

    @Test
    void aClientEngineVerifiesTheHostAndSendsItAsSni() {
        SSLEngine engine = caClient().build().newEngine("localhost", 8443);
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("localhost");
        assertThat(engine.getPeerPort()).isEqualTo(8443);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        SSLParameters p = engine.getSSLParameters();
        assertThat(p.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(p.getServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(p.getApplicationProtocols()).isEmpty();
    }

    @Test
    void anIpAddressIsVerifiedButNotSentAsSni() {
        SSLParameters p = caClient().build().newEngine("127.0.0.1", 8443).getSSLParameters();
        assertThat(p.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(p.getServerNames()).isEmpty();
        assertThat(caClient().build().newEngine("::1", 8443).getSSLParameters().getServerNames()).isEmpty();
        assertThat(caClient().build().newEngine("example.com.", 443).getSSLParameters().getServerNames())
                .containsExactly(new SNIHostName("example.com"));
    }

    @Test
    void aServerNameReplacesTheHostForVerificationAndSni() {
        SSLEngine engine = caClient().serverName("other-host.example").build().newEngine("127.0.0.1", 8443);
        assertThat(engine.getPeerHost()).isEqualTo("other-host.example");
        assertThat(engine.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("other-host.example"));
    }

    @Test
    void verificationOffOrInsecureSetsNoEndpointIdentification() {
        assertThat(caClient().hostnameVerification(false).build().newEngine("localhost", 1)
                .getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        TlsConfig insecure = TlsConfig.forClient().insecureSkipVerify().build();
        assertThat(insecure.isInsecure()).isTrue();
        assertThat(insecure.hostnameVerification()).isFalse();
        assertThat(insecure.newEngine(null, -1).getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    }

    @Test
    void aVerifyingClientNeedsAHostAndAPortInRange() {
        TlsConfig client = caClient().build();
        assertThatThrownBy(() -> client.newEngine(null, 443)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the server's host");
        assertThatThrownBy(() -> client.newEngine("localhost", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(caClient().serverName("localhost").build().newEngine(null, -1).getPeerHost()).isEqualTo("localhost");
    }

    @Test
    void aServerEngineAsksForClientCertificatesAsConfigured() {
        SSLEngine none = pemServer().build().newEngine(null, -1);
        assertThat(none.getUseClientMode()).isFalse();
        assertThat(none.getNeedClientAuth()).isFalse();
        assertThat(none.getWantClientAuth()).isFalse();
        assertThat(none.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        SSLEngine want = pemServer().trustCertificates(tls("ca.crt")).clientAuth(ClientAuth.OPTIONAL).build()
                .newEngine("127.0.0.1", 50000);
        assertThat(want.getWantClientAuth()).isTrue();
        assertThat(want.getNeedClientAuth()).isFalse();
        SSLEngine need = pemServer().trustCertificates(tls("ca.crt")).clientAuth(ClientAuth.REQUIRE).build()
                .newEngine("127.0.0.1", 50000);
        assertThat(need.getNeedClientAuth()).isTrue();
    }

    @Test
    void protocolsSuitesAndAlpnReachTheEngine() {
        String suite = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        SSLEngine engine = pemServer().protocols("TLSv1.2").cipherSuites(suite).alpnProtocols("h2", "http/1.1").build()
                .newEngine(null, -1);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).containsExactly(suite);
        assertThat(engine.getSSLParameters().getApplicationProtocols()).containsExactly("h2", "http/1.1");
    }

    @Test
    void theCustomizerRunsLastOnEveryEngine() {
        List<String> seen = new ArrayList<>();
        TlsConfig config = caClient().engineCustomizer(engine -> {
            seen.add(engine.getSSLParameters().getEndpointIdentificationAlgorithm());
            engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        }).build();
        SSLEngine first = config.newEngine("localhost", 1);
        SSLEngine second = config.newEngine("localhost", 2);
        assertThat(seen).as("getty's settings are in place when it runs").containsExactly("HTTPS", "HTTPS");
        assertThat(first.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(second.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void aGivenContextIsUsedWithGettysSettings() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        TlsConfig config = TlsConfig.forClient().sslContext(context).protocols("TLSv1.3").build();
        assertThat(config.sslContext()).isSameAs(context);
        SSLEngine engine = config.newEngine("localhost", 443);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }
}
