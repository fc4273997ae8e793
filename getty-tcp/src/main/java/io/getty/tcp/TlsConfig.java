package io.getty.tcp;

import io.getty.tcp.internal.tls.ServerNames;
import io.getty.tcp.internal.tls.TlsMaterial;
import io.getty.tcp.internal.tls.TlsSource;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a session speaks TLS (1.3 and 1.2, on the JDK's {@link SSLEngine}): the certificate it presents, how
 * it verifies its peer, and the limits of the handshake and the close. Immutable and thread-safe: a server
 * or client holds one for all its sessions, and each session gets its own engine from
 * {@link #newEngine(String, int)} when its handshake starts.
 *
 * <pre>{@code
 * TlsConfig server = TlsConfig.forServer()
 *         .keyCertChain(Path.of("server.crt"), Path.of("server.key"))  // PEM, as Getty's cert and key files
 *         .build();
 * TlsConfig client = TlsConfig.forClient()
 *         .trustCertificates(Path.of("ca.crt"))                        // as Getty's root-cert file
 *         .build();                                                    // verifies the server's host name
 * }</pre>
 *
 * <p>The material comes in one of three ways: PEM files ({@code keyCertChain}, {@code trustCertificates}),
 * PKCS#12 keystores ({@code keyStore}, {@code trustStore}; JKS works too), or a ready JDK
 * {@link SSLContext} ({@code sslContext}). Files are read and checked by {@link Builder#build()}, every
 * time it is called, so a configuration built again after a certificate is renewed sees the new one; a
 * file that cannot be read or parsed is a {@link io.getty.core.GettyException} that names it and says what
 * is wrong. PEM keys may be PKCS#8, PKCS#1 RSA, SEC1 EC, or encrypted PKCS#8 with a password.
 *
 * <table>
 *   <caption>Getty (Go) options and their counterparts</caption>
 *   <tr><th>Getty</th><th>getty for Java</th></tr>
 *   <tr><td>{@code ServerKeyCertChainPath}, {@code ServerPrivateKeyPath}, {@code ServerKeyPassword}</td>
 *       <td>{@code forServer().keyCertChain(chain, key[, password])}</td></tr>
 *   <tr><td>{@code ServerTrustCertCollectionPath}</td>
 *       <td>{@code forServer().trustCertificates(ca).clientAuth(ClientAuth.REQUIRE)}</td></tr>
 *   <tr><td>{@code ClientKeyCertChainPath}, {@code ClientPrivateKeyPath}, {@code ClientKeyPassword}</td>
 *       <td>{@code forClient().keyCertChain(chain, key[, password])}</td></tr>
 *   <tr><td>{@code ClientTrustCertCollectionPath}</td><td>{@code forClient().trustCertificates(ca)}</td></tr>
 *   <tr><td>a custom {@code TlsConfigBuilder}</td>
 *       <td>{@code sslContext(context)} and {@code engineCustomizer(engine -> ...)}</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #protocols()}</td><td>TLSv1.3, TLSv1.2</td><td>the versions the engines enable</td></tr>
 *   <tr><td>{@link #cipherSuites()}</td><td>empty: the JDK's defaults</td>
 *       <td>the cipher suites the engines enable</td></tr>
 *   <tr><td>{@link #alpnProtocols()}</td><td>none</td>
 *       <td>ALPN protocols offered (client) or accepted, in order of preference (server)</td></tr>
 *   <tr><td>{@link #handshakeTimeout()}</td><td>10 s (Netty's)</td>
 *       <td>a session whose handshake is not done by then fails; zero: no limit</td></tr>
 *   <tr><td>{@link #closeNotifyTimeout()}</td><td>3 s (Netty's)</td>
 *       <td>how long a graceful close waits for its {@code close_notify} to be sent before closing
 *       the socket anyway; zero: close right after queuing it</td></tr>
 *   <tr><td>{@link #clientAuth()}</td><td>{@link ClientAuth#NONE}</td>
 *       <td>server: whether clients must present a certificate (mutual TLS)</td></tr>
 *   <tr><td>{@link #hostnameVerification()}</td><td>on</td>
 *       <td>client: the server's certificate must name the host connected to (or {@link #serverName()}),
 *       as HTTPS does, and that name is sent as SNI</td></tr>
 *   <tr><td>trust</td><td>the JDK's ({@code cacerts}, or {@code javax.net.ssl.trustStore})</td>
 *       <td>what verifies the peer's certificate chain</td></tr>
 *   <tr><td>engine customizer</td><td>none</td>
 *       <td>runs on every new engine after getty's own settings</td></tr>
 *   <tr><td>{@link #delegatedTaskExecutor()}</td><td>none: on the event loop</td>
 *       <td>where the engine's delegated tasks (certificate checks, key exchange) run</td></tr>
 * </table>
 */
public final class TlsConfig {
    private static final Logger LOG = LoggerFactory.getLogger(TlsConfig.class);
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Whether a server asks its clients for a certificate: mutual TLS. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for and verified if sent, but a client without one is accepted ("want"). */
        OPTIONAL,
        /** A client must present a certificate the server's trust verifies, or the handshake fails ("need"). */
        REQUIRE
    }

    private final boolean client;
    private final SSLContext context;
    private final String material;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final List<String> alpnProtocols;
    private final Duration handshakeTimeout;
    private final Duration closeNotifyTimeout;
    private final ClientAuth clientAuth;
    private final boolean hostnameVerification;
    private final boolean insecure;
    private final String serverName;
    private final Consumer<SSLEngine> engineCustomizer;
    private final Executor delegatedTaskExecutor;

    private TlsConfig(Builder<?> b, boolean client, ClientAuth clientAuth, boolean hostnameVerification,
                      String serverName) {
        this.client = client;
        this.context = b.material.context();
        this.material = b.material.describe();
        this.insecure = b.material.isInsecure();
        this.protocols = b.protocols;
        this.cipherSuites = b.cipherSuites;
        this.alpnProtocols = b.alpnProtocols;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeNotifyTimeout = b.closeNotifyTimeout;
        this.clientAuth = clientAuth;
        this.hostnameVerification = hostnameVerification && !insecure;
        this.serverName = serverName;
        this.engineCustomizer = b.engineCustomizer;
        this.delegatedTaskExecutor = b.delegatedTaskExecutor;
        try {
            context.createSSLEngine(); // fails now, not at the first session, if the context cannot make one
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the SSLContext given to sslContext(...) is not initialized;"
                    + " call its init(...) first", e);
        }
        checkSupported("protocol", protocols, context.getSupportedSSLParameters().getProtocols());
        checkSupported("cipher suite", cipherSuites, context.getSupportedSSLParameters().getCipherSuites());
    }

    /** A builder for the server side: it needs a certificate and its key. */
    public static ServerBuilder forServer() {
        return new ServerBuilder();
    }

    /** A builder for the client side: by default it verifies the server against the JDK's trust. */
    public static ClientBuilder forClient() {
        return new ClientBuilder();
    }

    /**
     * A new engine for one session, configured: client or server mode as this configuration is, its
     * protocols, cipher suites and ALPN protocols; on a client, host-name verification (endpoint
     * identification "HTTPS") and SNI for the server's name; on a server, client authentication; then the
     * engine customizer. The handshake has not begun. Callable from any thread.
     *
     * @param peerHost the peer's host as the session knows it, without a lookup
     *                 ({@code InetSocketAddress.getHostString()}); a client verifies the server against it
     *                 unless a {@link #serverName()} is set. {@code null} if unknown, which a client that
     *                 verifies host names refuses.
     * @param peerPort the peer's port, or -1 if unknown (the JDK uses host and port to resume sessions)
     * @throws IllegalArgumentException if the port is out of range, or a verifying client has no host
     */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        if (peerPort < -1 || peerPort > 65535) {
            throw new IllegalArgumentException("peer port must be -1 (unknown) or 0..65535: " + peerPort);
        }
        String host = client && serverName != null ? serverName : peerHost;
        if (client && hostnameVerification && (host == null || host.isEmpty())) {
            throw new IllegalArgumentException("a TLS client that verifies host names needs the server's host"
                    + " (or TlsConfig.forClient().serverName(...))");
        }
        SSLEngine engine = host == null ? context.createSSLEngine() : context.createSSLEngine(host, peerPort);
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(new String[0]));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(new String[0]));
        }
        if (!alpnProtocols.isEmpty()) {
            parameters.setApplicationProtocols(alpnProtocols.toArray(new String[0]));
        }
        if (client) {
            parameters.setEndpointIdentificationAlgorithm(hostnameVerification ? "HTTPS" : null);
            if (host != null) {
                parameters.setServerNames(ServerNames.of(host));
            }
        } else if (clientAuth == ClientAuth.REQUIRE) {
            parameters.setNeedClientAuth(true);
        } else if (clientAuth == ClientAuth.OPTIONAL) {
            parameters.setWantClientAuth(true);
        } else {
            parameters.setNeedClientAuth(false); // clears "want" as well
        }
        engine.setSSLParameters(parameters);
        if (engineCustomizer != null) {
            engineCustomizer.accept(engine);
        }
        return engine;
    }

    /** Whether this configuration is for the client side of a connection. */
    public boolean isClient() {
        return client;
    }

    /**
     * The JDK context the engines come from: the one given to {@code sslContext(...)}, or the one built from
     * the files. An engine or socket made from it directly has none of this configuration's settings;
     * {@link #newEngine} applies them.
     */
    public SSLContext sslContext() {
        return context;
    }

    /** The TLS versions the engines enable, e.g. {@code [TLSv1.3, TLSv1.2]}. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites the engines enable; empty for the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The ALPN protocols, in order of preference; empty for no ALPN. */
    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /** How long a handshake may take; zero for no limit. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long a graceful close waits for its {@code close_notify} to be sent; zero for not at all. */
    public Duration closeNotifyTimeout() {
        return closeNotifyTimeout;
    }

    /**
     * Where a session's engine runs its delegated tasks (the slow steps of a handshake: verifying
     * certificates, computing keys), or {@code null} to run them on the session's event loop.
     */
    public Executor delegatedTaskExecutor() {
        return delegatedTaskExecutor;
    }

    /** Server: whether clients must present a certificate. {@link ClientAuth#NONE} on a client. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Client: whether the server's certificate must match its host name. {@code false} on a server. */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Client: whether it was built with {@link ClientBuilder#insecureSkipVerify()} and so trusts anyone. */
    public boolean isInsecure() {
        return insecure;
    }

    /** Client: the name verified and sent as SNI instead of the host connected to, or {@code null}. */
    public String serverName() {
        return serverName;
    }

    @Override
    public String toString() {
        return "TlsConfig{" + (client ? "client" : "server") + ", " + material + ", protocols=" + protocols
                + ", cipherSuites=" + (cipherSuites.isEmpty() ? "JDK default" : cipherSuites)
                + ", alpnProtocols=" + alpnProtocols + ", handshakeTimeout=" + handshakeTimeout
                + ", closeNotifyTimeout=" + closeNotifyTimeout
                + (client ? ", hostnameVerification=" + hostnameVerification
                        + (serverName != null ? ", serverName=" + serverName : "")
                        + (insecure ? ", INSECURE: trusts any certificate" : "")
                        : ", clientAuth=" + clientAuth)
                + (engineCustomizer != null ? ", engineCustomizer" : "")
                + (delegatedTaskExecutor != null ? ", delegatedTaskExecutor" : "") + '}';
    }

    private static void checkSupported(String what, List<String> wanted, String[] supported) {
        Set<String> known = new HashSet<>(Arrays.asList(supported));
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(what + " '" + name + "' is not supported by this TLS context;"
                        + " supported: " + Arrays.toString(supported));
            }
        }
    }

    /**
     * What the server and client builders share: key material, trust, protocols, timeouts and the engine
     * customizer. A setter called again replaces its earlier value; two ways of giving the same thing
     * (PEM and keystore keys, say) are an {@link IllegalStateException} from {@link #build()}. Not
     * thread-safe.
     *
     * @param <B> the concrete builder, so that setters chain
     */
    public abstract static class Builder<B extends Builder<B>> {
        final TlsMaterial material = new TlsMaterial();
        List<String> protocols = DEFAULT_PROTOCOLS;
        List<String> cipherSuites = List.of();
        List<String> alpnProtocols = List.of();
        Duration handshakeTimeout = Duration.ofSeconds(10);
        Duration closeNotifyTimeout = Duration.ofSeconds(3);
        Consumer<SSLEngine> engineCustomizer;
        Executor delegatedTaskExecutor;

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * The certificate chain this side presents and its private key, as PEM files: the chain with the
         * end-entity certificate first and then its issuers; the key unencrypted, in PKCS#8
         * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1
         * ({@code BEGIN EC PRIVATE KEY}). The key must belong to the first certificate.
         */
        public B keyCertChain(Path certChainPem, Path privateKeyPem) {
            material.keyCertChain(TlsSource.file("certificate chain", certChainPem),
                    TlsSource.file("private key", privateKeyPem), null);
            return self();
        }

        /**
         * As {@link #keyCertChain(Path, Path)}, the key encrypted ({@code BEGIN ENCRYPTED PRIVATE KEY}) with
         * this password, by any scheme the JDK implements (OpenSSL's default PBES2 with AES is one).
         */
        public B keyCertChain(Path certChainPem, Path privateKeyPem, char[] keyPassword) {
            material.keyCertChain(TlsSource.file("certificate chain", certChainPem),
                    TlsSource.file("private key", privateKeyPem), Objects.requireNonNull(keyPassword, "keyPassword"));
            return self();
        }

        /**
         * As {@link #keyCertChain(Path, Path)}, from streams (a class-path resource, say), read to their end
         * now; the caller closes them.
         */
        public B keyCertChain(InputStream certChainPem, InputStream privateKeyPem) {
            material.keyCertChain(TlsSource.stream("certificate chain", certChainPem),
                    TlsSource.stream("private key", privateKeyPem), null);
            return self();
        }

        /** As {@link #keyCertChain(Path, Path, char[])}, from streams read to their end now. */
        public B keyCertChain(InputStream certChainPem, InputStream privateKeyPem, char[] keyPassword) {
            Objects.requireNonNull(keyPassword, "keyPassword");
            material.keyCertChain(TlsSource.stream("certificate chain", certChainPem),
                    TlsSource.stream("private key", privateKeyPem), keyPassword);
            return self();
        }

        /**
         * The key and certificate chain this side presents, from a PKCS#12 (or JKS) keystore whose key
         * entries have the keystore's password. With several key entries the JDK picks one per handshake
         * by key type.
         */
        public B keyStore(Path pkcs12, char[] password) {
            material.keyStore(TlsSource.file("key store", pkcs12), password);
            return self();
        }

        /**
         * Trusts the certificates in a PEM file (one or more CAs; a self-signed peer certificate works too)
         * instead of the JDK's: the client verifies the server with them, the server its clients.
         */
        public B trustCertificates(Path caPem) {
            material.trustCertificates(TlsSource.file("trusted certificates", caPem));
            return self();
        }

        /** As {@link #trustCertificates(Path)}, from a stream read to its end now; the caller closes it. */
        public B trustCertificates(InputStream caPem) {
            material.trustCertificates(TlsSource.stream("trusted certificates", caPem));
            return self();
        }

        /** Trusts the certificate entries of a PKCS#12 (or JKS) truststore instead of the JDK's. */
        public B trustStore(Path pkcs12, char[] password) {
            material.trustStore(TlsSource.file("trust store", pkcs12), password);
            return self();
        }

        /**
         * Uses this JDK context, with its own keys and trust, instead of files. Protocols, cipher suites,
         * ALPN, client authentication, host-name verification and the customizer still apply to its engines.
         */
        public B sslContext(SSLContext context) {
            material.sslContext(context);
            return self();
        }

        /** The TLS versions to enable, e.g. {@code "TLSv1.3"}; default TLSv1.3 and TLSv1.2. */
        public B protocols(String... names) {
            protocols = names("protocols", names, 0);
            return self();
        }

        /** The cipher suites to enable, by their JDK names; default the JDK's defaults. */
        public B cipherSuites(String... names) {
            cipherSuites = names("cipher suites", names, 0);
            return self();
        }

        /** The ALPN protocols, e.g. {@code "h2", "http/1.1"}, in order of preference; default none. */
        public B alpnProtocols(String... names) {
            alpnProtocols = names("ALPN protocols", names, 255);
            return self();
        }

        /** How long a handshake may take before the session fails; zero for no limit. Default 10 s. */
        public B handshakeTimeout(Duration timeout) {
            handshakeTimeout = nonNegative(timeout, "handshake timeout");
            return self();
        }

        /**
         * How long a graceful close waits for its {@code close_notify} to be sent before closing the socket
         * anyway; zero to close right after queuing it. Default 3 s.
         */
        public B closeNotifyTimeout(Duration timeout) {
            closeNotifyTimeout = nonNegative(timeout, "close_notify timeout");
            return self();
        }

        /**
         * Runs on every new engine after getty's own settings, as Getty's {@code TlsConfigBuilder} lets a
         * user adjust the configuration: to set what this builder has no setter for. It runs on the
         * session's event loop, so it must be quick and thread-safe; what it throws fails the session.
         */
        public B engineCustomizer(Consumer<SSLEngine> customizer) {
            engineCustomizer = Objects.requireNonNull(customizer, "customizer");
            return self();
        }

        /**
         * Runs the engines' delegated tasks (the slow steps of a handshake: verifying the peer's
         * certificates, computing keys) on {@code executor} instead of the session's event loop, so that a
         * burst of handshakes does not delay the other sessions of the loop. Meanwhile the session reads
         * nothing and sends nothing; it goes on, on its loop, when the tasks are done. Default: none, the
         * tasks run on the loop, which is quicker for a few handshakes.
         */
        public B delegatedTaskExecutor(Executor executor) {
            delegatedTaskExecutor = Objects.requireNonNull(executor, "executor");
            return self();
        }

        /**
         * Reads and checks the files and builds the configuration.
         *
         * @throws IllegalStateException if settings contradict each other or one that is needed is missing
         * @throws IllegalArgumentException if a protocol or cipher suite is not supported by the context
         * @throws io.getty.core.GettyException if a file cannot be read or parsed, naming it
         */
        public abstract TlsConfig build();

        private static List<String> names(String what, String[] names, int maxLength) {
            Objects.requireNonNull(names, what);
            if (names.length == 0) {
                throw new IllegalArgumentException(what + ": give at least one");
            }
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(what + ": a null or blank name in " + Arrays.toString(names));
                }
                if (maxLength > 0 && name.length() > maxLength) {
                    throw new IllegalArgumentException(what + ": longer than " + maxLength + " characters: " + name);
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(what + ": '" + name + "' given twice");
                }
            }
            return List.of(names);
        }

        private static Duration nonNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must be >= 0: " + d);
            }
            return d;
        }
    }

    /**
     * Builds a server's {@link TlsConfig}: a certificate and key are required; client authentication is
     * off unless {@link #clientAuth} turns it on, with {@code trustCertificates} or {@code trustStore} to
     * verify the clients.
     */
    public static final class ServerBuilder extends Builder<ServerBuilder> {
        private ClientAuth clientAuth = ClientAuth.NONE;

        private ServerBuilder() {
        }

        /** Whether clients must present a certificate (mutual TLS); default {@link ClientAuth#NONE}. */
        public ServerBuilder clientAuth(ClientAuth auth) {
            clientAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        @Override
        public TlsConfig build() {
            if (!material.hasKeys()) {
                throw new IllegalStateException("a TLS server needs its certificate and key: keyCertChain(...),"
                        + " keyStore(...) or sslContext(...)");
            }
            if (clientAuth != ClientAuth.NONE && !material.hasTrust()) {
                throw new IllegalStateException("clientAuth(" + clientAuth + ") needs trustCertificates(...) or"
                        + " trustStore(...) to verify client certificates");
            }
            if (clientAuth == ClientAuth.NONE && !material.hasContext() && material.hasTrust()) {
                throw new IllegalStateException("a server's trust verifies client certificates, which it asks for"
                        + " only with clientAuth(OPTIONAL or REQUIRE); set it, or drop the trust");
            }
            return new TlsConfig(this, false, clientAuth, false, null);
        }
    }

    /**
     * Builds a client's {@link TlsConfig}: it verifies the server's certificate chain (against the JDK's
     * trust unless {@code trustCertificates} or {@code trustStore} is set) and host name; a certificate
     * and key are needed only for servers that ask for one.
     */
    public static final class ClientBuilder extends Builder<ClientBuilder> {
        private boolean hostnameVerification = true;
        private String serverName;

        private ClientBuilder() {
        }

        /**
         * The name to verify the server's certificate against and to send as SNI, instead of the host the
         * client connects to: for connecting by IP address or through a tunnel. Default: the host.
         */
        public ClientBuilder serverName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("server name must not be blank");
            }
            serverName = name;
            return this;
        }

        /**
         * Whether the server's certificate must name the host (as HTTPS requires); default on. Turning it off
         * still verifies the chain, so any certificate the trust accepts passes for any server.
         */
        public ClientBuilder hostnameVerification(boolean on) {
            hostnameVerification = on;
            return this;
        }

        /**
         * FOR TESTS ONLY: accepts any server certificate, expired, self-signed or for another name, as
         * curl's {@code --insecure} and Go's {@code InsecureSkipVerify} do. The connection is encrypted but
         * anyone in the middle can read and change it. Logged as a warning when built.
         */
        public ClientBuilder insecureSkipVerify() {
            material.insecure();
            return this;
        }

        @Override
        public TlsConfig build() {
            TlsConfig config = new TlsConfig(this, true, ClientAuth.NONE, hostnameVerification, serverName);
            if (config.insecure) {
                LOG.warn("TLS client built with insecureSkipVerify(): server certificates are not verified;"
                        + " for tests only");
            }
            return config;
        }
    }
}
