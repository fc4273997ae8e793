package io.getty.benchmarks.net;

import io.getty.tcp.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of the benchmarks: every server and the load generator use the same certificate (the test one in
 * the jar's {@code tls/}, NOT FOR PRODUCTION), the same version, {@value #PROTOCOL}, and the same single
 * cipher suite, {@value #CIPHER_SUITE}, all on the JDK's provider, so that the servers differ only in how
 * they drive it.
 */
public final class BenchmarkTls {
    /** The only TLS version enabled anywhere. */
    public static final String PROTOCOL = "TLSv1.3";
    /** The only cipher suite enabled anywhere. */
    public static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    private BenchmarkTls() {
    }

    /** getty's server side. */
    public static TlsConfig gettyServer() {
        try (InputStream chain = resource("server.crt"); InputStream key = resource("server.key")) {
            return TlsConfig.forServer().keyCertChain(chain, key).protocols(PROTOCOL).cipherSuites(CIPHER_SUITE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Netty's server side, on the JDK's provider ({@code SslHandler} over the JDK's {@link SSLEngine}). */
    public static SslContext nettyServer() throws SSLException {
        try (InputStream chain = resource("server.crt"); InputStream key = resource("server.key")) {
            return SslContextBuilder.forServer(chain, key)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOL)
                    .ciphers(List.of(CIPHER_SUITE))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The load generator's side: a JDK context that trusts the test CA, and nothing else. */
    public static SSLContext clientContext() {
        try (InputStream ca = resource("ca.crt")) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("benchmark-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the benchmark CA cannot be trusted: " + e, e);
        }
    }

    /**
     * A client engine for one connection to {@code host}: the pinned version and suite, and the server's
     * certificate checked against the host name (the test certificate names localhost and 127.0.0.1).
     */
    public static SSLEngine clientEngine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setCipherSuites(new String[] {CIPHER_SUITE});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static InputStream resource(String name) {
        InputStream in = BenchmarkTls.class.getResourceAsStream("/tls/" + name);
        if (in == null) {
            throw new IllegalStateException("tls/" + name + " is missing from the benchmarks' class path");
        }
        return in;
    }
}
