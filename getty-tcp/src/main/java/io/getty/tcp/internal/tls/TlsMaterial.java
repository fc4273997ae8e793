package io.getty.tcp.internal.tls;

import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Where a TLS configuration's keys and trust come from, as its builder collects them: PEM files, keystores,
 * a ready {@link SSLContext}, or no verification at all. {@link #context()} checks that the choices agree
 * and reads the files into a context. Mutable, for one builder; passwords are copied in.
 */
public final class TlsMaterial {
    private TlsSource certChain;
    private TlsSource privateKey;
    private char[] keyPassword;
    private TlsSource keyStore;
    private char[] keyStorePassword;
    private TlsSource trustCertificates;
    private TlsSource trustStore;
    private char[] trustStorePassword;
    private SSLContext sslContext;
    private boolean insecure;

    /** A PEM chain and its key; {@code keyPassword} {@code null} for a key that is not encrypted. */
    public void keyCertChain(TlsSource chain, TlsSource key, char[] password) {
        certChain = chain;
        privateKey = key;
        keyPassword = password == null ? null : password.clone();
    }

    /** A PKCS#12 (or JKS) keystore. */
    public void keyStore(TlsSource store, char[] password) {
        keyStore = store;
        keyStorePassword = Objects.requireNonNull(password, "password").clone();
    }

    /** A PEM bundle of trusted certificates. */
    public void trustCertificates(TlsSource bundle) {
        trustCertificates = bundle;
    }

    /** A PKCS#12 (or JKS) truststore. */
    public void trustStore(TlsSource store, char[] password) {
        trustStore = store;
        trustStorePassword = Objects.requireNonNull(password, "password").clone();
    }

    /** A ready context, with its own keys and trust. */
    public void sslContext(SSLContext context) {
        sslContext = Objects.requireNonNull(context, "context");
    }

    /** Trust anyone: for tests only. */
    public void insecure() {
        insecure = true;
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** Whether this side has a certificate to present (or a context that may hold one). */
    public boolean hasKeys() {
        return sslContext != null || certChain != null || keyStore != null;
    }

    /** Whether trust other than the JDK's default is set (or a context that may hold it). */
    public boolean hasTrust() {
        return sslContext != null || trustCertificates != null || trustStore != null;
    }

    /** Whether a ready context was given. */
    public boolean hasContext() {
        return sslContext != null;
    }

    /**
     * The given context, or a new one made of the files ({@code null} managers: the JDK's defaults).
     *
     * @throws IllegalStateException if two ways of giving the same thing are set
     * @throws io.getty.core.GettyException if a file cannot be read or parsed, naming it
     */
    public SSLContext context() {
        boolean files = certChain != null || keyStore != null || trustCertificates != null || trustStore != null;
        if (sslContext != null && (files || insecure)) {
            throw new IllegalStateException("sslContext(...) brings its own keys and trust; do not also set"
                    + " keyCertChain, keyStore, trustCertificates, trustStore or insecureSkipVerify");
        }
        if (certChain != null && keyStore != null) {
            throw new IllegalStateException("both keyCertChain(...) and keyStore(...) are set; choose one");
        }
        if (trustCertificates != null && trustStore != null) {
            throw new IllegalStateException("both trustCertificates(...) and trustStore(...) are set; choose one");
        }
        if (insecure && (trustCertificates != null || trustStore != null)) {
            throw new IllegalStateException("insecureSkipVerify() trusts anyone, so trustCertificates(...) or"
                    + " trustStore(...) would be ignored; choose one");
        }
        if (sslContext != null) {
            return sslContext;
        }
        KeyManager[] keys = certChain != null ? KeyManagers.fromPem(certChain, privateKey, keyPassword)
                : keyStore != null ? KeyManagers.fromKeyStore(keyStore, keyStorePassword) : null;
        TrustManager[] trust = insecure ? TrustManagers.insecure()
                : trustCertificates != null ? TrustManagers.fromPem(trustCertificates)
                : trustStore != null ? TrustManagers.fromTrustStore(trustStore, trustStorePassword) : null;
        return TlsContexts.create(keys, trust);
    }

    /** For {@code toString}: where the keys and trust come from, without passwords. */
    public String describe() {
        if (sslContext != null) {
            return "sslContext=" + sslContext.getProtocol() + "/" + sslContext.getProvider().getName();
        }
        String keys = certChain != null ? "PEM " + certChain + " + " + privateKey
                : keyStore != null ? "key store " + keyStore : "none";
        String trust = insecure ? "NONE (insecure)"
                : trustCertificates != null ? "PEM " + trustCertificates
                : trustStore != null ? "trust store " + trustStore : "JDK default";
        return "keys=" + keys + ", trust=" + trust;
    }
}
