package io.getty.tcp.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust managers that verify the peer's certificate chain: from a PEM bundle of CA certificates,
 * from a truststore, or none at all ({@link #insecure()}).
 */
public final class TrustManagers {
    private TrustManagers() {
    }

    /**
     * Trusts the certificates in a PEM bundle (usually CAs; a self-signed peer certificate works too).
     *
     * @throws io.getty.core.GettyException naming the file and what is wrong with it
     */
    public static TrustManager[] fromPem(TlsSource source) {
        List<X509Certificate> certificates = PemCertificates.read(source);
        KeyStore store = KeyStores.empty(source);
        try {
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw source.error("the JDK refuses a certificate as trusted: " + e.getMessage(), e);
        }
        return factory(store, source);
    }

    /**
     * Trusts the certificate entries of a PKCS#12 (or JKS) truststore.
     *
     * @throws io.getty.core.GettyException naming the file and what is wrong with it
     */
    public static TrustManager[] fromTrustStore(TlsSource source, char[] password) {
        KeyStore store = KeyStores.load(source, password);
        if (!KeyStores.anyEntry(store, alias -> true)) {
            throw source.error("holds no certificates (a PKCS#12 file made by openssl with certificates only"
                    + " is read by the JDK as empty; make truststores with 'keytool -importcert')");
        }
        return factory(store, source);
    }

    /** Trusts every certificate, for tests only: see {@link InsecureTrustManager}. */
    public static TrustManager[] insecure() {
        return new TrustManager[] {InsecureTrustManager.INSTANCE};
    }

    private static TrustManager[] factory(KeyStore store, TlsSource source) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw source.error("cannot make a trust manager: " + e.getMessage(), e);
        }
    }
}
