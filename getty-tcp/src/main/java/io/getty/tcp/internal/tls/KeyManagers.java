package io.getty.tcp.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** The key managers that present a certificate chain and prove its key: from PEM files or a keystore. */
public final class KeyManagers {
    /** Protects the key only inside the in-memory keystore handed to the key manager factory. */
    private static final char[] IN_MEMORY_PASSWORD = "getty".toCharArray();

    private KeyManagers() {
    }

    /**
     * From a PEM certificate chain (end entity first) and its PEM private key, which must belong to the
     * chain's first certificate.
     *
     * @param keyPassword the password of an encrypted key, or {@code null}
     * @throws io.getty.core.GettyException naming the file and what is wrong with it
     */
    public static KeyManager[] fromPem(TlsSource chainSource, TlsSource keySource, char[] keyPassword) {
        List<X509Certificate> chain = PemCertificates.read(chainSource);
        PrivateKey key = PemPrivateKeys.read(keySource, keyPassword);
        checkPair(chain.get(0), key, chainSource, keySource);
        KeyStore store = KeyStores.empty(keySource);
        try {
            store.setKeyEntry("getty", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
        } catch (GeneralSecurityException e) {
            throw keySource.error("the JDK refuses this key with the certificate chain in " + chainSource + ": "
                    + e.getMessage(), e);
        }
        return factory(store, IN_MEMORY_PASSWORD, keySource);
    }

    /**
     * From a PKCS#12 (or JKS) keystore whose key entries are protected by the keystore's password.
     *
     * @throws io.getty.core.GettyException naming the file and what is wrong with it
     */
    public static KeyManager[] fromKeyStore(TlsSource source, char[] password) {
        KeyStore store = KeyStores.load(source, password);
        if (!KeyStores.anyEntry(store, alias -> KeyStores.isKeyEntry(store, alias))) {
            throw source.error("holds no private key entry (a truststore?); a key store needs a key and its"
                    + " certificate chain");
        }
        return factory(store, password, source);
    }

    private static KeyManager[] factory(KeyStore store, char[] password, TlsSource source) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw source.error("cannot read a key entry with the keystore's password; getty expects each key"
                    + " to have the keystore's password", e);
        } catch (GeneralSecurityException e) {
            throw source.error("cannot make a key manager: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless {@code key} is the private half of the certificate's public key: a mismatch otherwise
     * surfaces only as a handshake failure on the peer's side, far from the cause.
     */
    static void checkPair(X509Certificate certificate, PrivateKey key, TlsSource chainSource, TlsSource keySource) {
        PublicKey publicKey = certificate.getPublicKey();
        boolean matches;
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            matches = false;
        } else if (publicKey instanceof RSAKey rsaPublic && key instanceof RSAKey rsaPrivate) {
            matches = rsaPublic.getModulus().equals(rsaPrivate.getModulus());
        } else {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                case "DSA" -> "SHA256withDSA";
                default -> null;
            };
            if (algorithm == null) {
                return; // nothing cheap to compare; the handshake will tell
            }
            matches = signsFor(algorithm, key, publicKey);
        }
        if (!matches) {
            throw keySource.error("this " + key.getAlgorithm() + " key does not belong to the first certificate in "
                    + chainSource + " (" + certificate.getSubjectX500Principal().getName() + ", a "
                    + publicKey.getAlgorithm() + " key)");
        }
    }

    private static boolean signsFor(String algorithm, PrivateKey key, PublicKey publicKey) {
        byte[] probe = "getty key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another curve or size cannot verify, which is the answer
        }
    }
}
