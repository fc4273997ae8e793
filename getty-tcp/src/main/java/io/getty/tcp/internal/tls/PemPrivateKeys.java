package io.getty.tcp.internal.tls;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a private key from PEM with the JDK alone: PKCS#8 ({@code PRIVATE KEY}: RSA, RSASSA-PSS, EC,
 * Ed25519, Ed448, DSA), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}), the last two
 * wrapped in a PKCS#8 PrivateKeyInfo because that is the only encoding the JDK's key factories read, and
 * encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}) with any password-based scheme the JDK implements
 * (OpenSSL's default PBES2 with PBKDF2 and AES among them).
 */
public final class PemPrivateKeys {
    static final String RSA_OID = "1.2.840.113549.1.1.1";
    static final String EC_OID = "1.2.840.10045.2.1";
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";

    /** PKCS#8 algorithm OIDs and the JDK key factory for each. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            RSA_OID, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_OID, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private static final Set<String> KEY_LABELS = Set.of(
            "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY");

    private PemPrivateKeys() {
    }

    /**
     * The one private key in {@code source}.
     *
     * @param password the password of an {@code ENCRYPTED PRIVATE KEY}, or {@code null}; ignored for a
     *                 key that is not encrypted
     * @throws io.getty.core.GettyException naming the source and what is wrong with it
     */
    public static PrivateKey read(TlsSource source, char[] password) {
        List<Pem.Block> blocks = Pem.read(source);
        List<Pem.Block> keys = blocks.stream().filter(b -> KEY_LABELS.contains(b.label())).toList();
        if (keys.isEmpty()) {
            String found = Pem.labels(blocks);
            throw source.error(found.contains("CERTIFICATE")
                    ? "holds a certificate, not a private key (found " + found + "); give the key file here"
                    : "no private key: expected a PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or"
                            + " ENCRYPTED PRIVATE KEY block, found " + found);
        }
        if (keys.size() > 1) {
            throw source.error("holds " + keys.size() + " private keys; give a file with exactly one");
        }
        Pem.Block key = keys.get(0);
        if ("4,ENCRYPTED".equals(key.headers().get("Proc-Type"))) {
            throw source.error("OpenSSL's legacy key encryption (a Proc-Type header) is not supported;"
                    + " convert the key to encrypted PKCS#8 with 'openssl pkcs8 -topk8 -in KEY -out NEW'");
        }
        try {
            return switch (key.label()) {
                case "PRIVATE KEY" -> pkcs8(source, key.der());
                case "RSA PRIVATE KEY" -> pkcs8(source, fromPkcs1(key.der()));
                case "EC PRIVATE KEY" -> pkcs8(source, fromSec1(source, key.der()));
                default -> pkcs8(source, decrypt(source, key.der(), password));
            };
        } catch (IOException e) {
            throw source.error("the " + key.label() + " block is not a valid key: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 PrivateKeyInfo, given to the key factory its algorithm OID names. */
    private static PrivateKey pkcs8(TlsSource source, byte[] der) throws IOException {
        DerReader info = new DerReader(der).sequence();
        info.integer();
        String oid = info.sequence().oid();
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw source.error("unsupported key algorithm (OID " + oid + "); getty reads RSA, RSASSA-PSS, EC,"
                    + " Ed25519, Ed448 and DSA keys");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException e) {
            throw source.error("this JDK has no " + algorithm + " key factory", e);
        } catch (InvalidKeySpecException e) {
            throw source.error("not a valid " + algorithm + " private key: " + e.getMessage(), e);
        }
    }

    /**
     * PKCS#1 RSAPrivateKey to PKCS#8: {@code SEQUENCE { 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING
     * { the PKCS#1 key } }} (RFC 5208, RFC 8017 A.1).
     */
    static byte[] fromPkcs1(byte[] pkcs1) throws IOException {
        new DerReader(pkcs1).sequence().integer(); // a SEQUENCE that starts with its version, or not a key
        return DerWriter.sequence(
                DerWriter.integer(0),
                DerWriter.sequence(DerWriter.oid(RSA_OID), DerWriter.nul()),
                DerWriter.octetString(pkcs1));
    }

    /**
     * SEC1 ECPrivateKey to PKCS#8, the curve taken from the key's own {@code [0]} parameters:
     * {@code SEQUENCE { 0, SEQUENCE { id-ecPublicKey, curve }, OCTET STRING { the SEC1 key } }}
     * (RFC 5915, RFC 5480).
     */
    static byte[] fromSec1(TlsSource source, byte[] sec1) throws IOException {
        DerReader key = new DerReader(sec1).sequence();
        if (key.integer().intValue() != 1) {
            throw new IOException("an EC PRIVATE KEY has version 1");
        }
        key.octetString();
        String curve = null;
        while (key.hasMore()) {
            if (key.peekTag() != (DerReader.CONTEXT_CONSTRUCTED | 0)) {
                key.skip();
                continue;
            }
            DerReader parameters = key.explicit(0);
            if (parameters.peekTag() != DerReader.OID) {
                throw source.error("the EC key gives its curve by explicit parameters, not by name; only named"
                        + " curves are supported (write the key with 'openssl ec -param_enc named_curve')");
            }
            curve = parameters.oid();
        }
        if (curve == null) {
            throw source.error("the EC PRIVATE KEY does not name its curve (no [0] parameters);"
                    + " give the key in PKCS#8 ('openssl pkcs8 -topk8 -nocrypt')");
        }
        return DerWriter.sequence(
                DerWriter.integer(0),
                DerWriter.sequence(DerWriter.oid(EC_OID), DerWriter.oid(curve)),
                DerWriter.octetString(sec1));
    }

    /** An EncryptedPrivateKeyInfo decrypted to the PKCS#8 PrivateKeyInfo it holds. */
    private static byte[] decrypt(TlsSource source, byte[] der, char[] password) throws IOException {
        if (password == null) {
            throw source.error("the key is encrypted (ENCRYPTED PRIVATE KEY) and no password was given");
        }
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters parameters = info.getAlgParameters();
        String algorithm = info.getAlgName();
        // For PBES2 the name of the whole scheme (PBEWithHmacSHA256AndAES_256) is in the parameters;
        // which JDKs put it in getAlgName() as well varies.
        if (parameters != null && ("PBES2".equalsIgnoreCase(algorithm) || PBES2_OID.equals(algorithm))) {
            algorithm = parameters.toString();
        }
        Cipher cipher;
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), parameters);
        } catch (GeneralSecurityException e) {
            throw source.error("the key is encrypted with " + algorithm + ", which this JDK cannot decrypt ("
                    + e.getMessage() + "); re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'", e);
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw source.error("cannot decrypt the key: wrong password, or the file is corrupt", e);
        }
    }
}
