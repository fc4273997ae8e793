package io.getty.tcp.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.GettyException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM certificates and keys in every form getty reads, each compared with the PKCS#12 file that holds the
 * same key and certificate (made from it by openssl, see {@code src/test/resources/tls/generate.sh}); and
 * the errors, each of which must name the file and the problem.
 */
class PemFilesTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static PrivateKey rsaKey;
    private static X509Certificate rsaCertificate;
    private static PrivateKey ecKey;
    private static X509Certificate ecCertificate;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadPkcs12() throws Exception {
        KeyStore rsa = KeyStore.getInstance(tls("server.p12").toFile(), PASSWORD);
        rsaKey = (PrivateKey) rsa.getKey("server", PASSWORD);
        rsaCertificate = (X509Certificate) rsa.getCertificate("server");
        KeyStore ec = KeyStore.getInstance(tls("server-ec.p12").toFile(), PASSWORD);
        ecKey = (PrivateKey) ec.getKey("server-ec", PASSWORD);
        ecCertificate = (X509Certificate) ec.getCertificate("server-ec");
    }

    static Path tls(String name) {
        try {
            return Path.of(PemFilesTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static TlsSource key(String name) {
        return TlsSource.file("private key", tls(name));
    }

    private static TlsSource certificates(String name) {
        return TlsSource.file("certificate chain", tls(name));
    }

    private TlsSource tempFile(String what, String content) throws Exception {
        Path file = Files.createTempFile(temp, "pem", ".pem");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return TlsSource.file(what, file);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    // ---- keys: every form, the same key as in the PKCS#12 file

    @Test
    void pkcs8RsaKeyIsTheKeyInThePkcs12File() {
        assertSameRsaKey(PemPrivateKeys.read(key("server.key"), null));
    }

    @Test
    void pkcs1RsaKeyIsTheKeyInThePkcs12File() {
        assertSameRsaKey(PemPrivateKeys.read(key("server-pkcs1.key"), null));
    }

    @Test
    void encryptedPkcs8KeyIsTheKeyInThePkcs12File() {
        assertSameRsaKey(PemPrivateKeys.read(key("server-encrypted.key"), PASSWORD));
    }

    @Test
    void pkcs8EcKeyIsTheKeyInThePkcs12File() {
        assertSameEcKey(PemPrivateKeys.read(key("server-ec.key"), null));
    }

    @Test
    void sec1EcKeyIsTheKeyInThePkcs12File() {
        assertSameEcKey(PemPrivateKeys.read(key("server-ec-sec1.key"), null));
    }

    @Test
    void aPasswordForAKeyThatIsNotEncryptedIsIgnored() {
        assertSameRsaKey(PemPrivateKeys.read(key("server.key"), PASSWORD));
    }

    @Test
    void pkcs1WrappedInPkcs8IsByteForByteWhatOpensslWrites() throws Exception {
        byte[] pkcs1 = Pem.read(key("server-pkcs1.key")).get(0).der();
        byte[] opensslPkcs8 = Pem.read(key("server.key")).get(0).der();
        assertThat(PemPrivateKeys.fromPkcs1(pkcs1)).isEqualTo(opensslPkcs8);
    }

    @Test
    void ed25519Pkcs8KeyIsRead() throws Exception {
        PrivateKey generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        PrivateKey read = PemPrivateKeys.read(tempFile("private key", pem("PRIVATE KEY", generated.getEncoded())), null);
        assertThat(read.getAlgorithm()).isEqualTo("EdDSA");
        assertThat(read.getEncoded()).isEqualTo(generated.getEncoded());
    }

    @Test
    void aKeyAfterOtherBlocksAndTextIsFound() throws Exception {
        String withNoise = "Bag Attributes\n    localKeyID: 01 02\n" + pem("EC PARAMETERS", DerWriter.oid("1.2.840.10045.3.1.7"))
                + Files.readString(tls("server-ec-sec1.key"));
        assertSameEcKey(PemPrivateKeys.read(tempFile("private key", withNoise), null));
    }

    private static void assertSameRsaKey(PrivateKey key) {
        assertThat(key).isInstanceOf(RSAPrivateCrtKey.class);
        RSAPrivateCrtKey expected = (RSAPrivateCrtKey) rsaKey;
        RSAPrivateCrtKey actual = (RSAPrivateCrtKey) key;
        assertThat(actual.getModulus()).isEqualTo(expected.getModulus());
        assertThat(actual.getPrivateExponent()).isEqualTo(expected.getPrivateExponent());
        assertThat(actual.getPrimeP()).isEqualTo(expected.getPrimeP());
        assertSigns(key, rsaCertificate, "SHA256withRSA");
    }

    private static void assertSameEcKey(PrivateKey key) {
        assertThat(key).isInstanceOf(ECPrivateKey.class);
        ECPrivateKey expected = (ECPrivateKey) ecKey;
        ECPrivateKey actual = (ECPrivateKey) key;
        assertThat(actual.getS()).isEqualTo(expected.getS());
        assertThat(actual.getParams().getCurve()).isEqualTo(expected.getParams().getCurve());
        assertThat(actual.getParams().getGenerator()).isEqualTo(expected.getParams().getGenerator());
        assertSigns(key, ecCertificate, "SHA256withECDSA");
    }

    private static void assertSigns(PrivateKey key, X509Certificate certificate, String algorithm) {
        try {
            byte[] data = "signed by the PEM key".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(data);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate);
            verifier.update(data);
            assertThat(verifier.verify(signer.sign())).as("the certificate verifies what the key signs").isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- certificates

    @Test
    void aChainFileGivesEveryCertificateInOrder() {
        List<X509Certificate> chain = PemCertificates.read(certificates("server-chain.crt"));
        List<X509Certificate> ca = PemCertificates.read(certificates("ca.crt"));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0)).isEqualTo(rsaCertificate);
        assertThat(chain.get(1)).isEqualTo(ca.get(0));
        assertThat(chain.get(1).getBasicConstraints()).as("the CA").isGreaterThanOrEqualTo(0);
    }

    @Test
    void aSingleCertificateIsTheOneInThePkcs12File() {
        assertThat(PemCertificates.read(certificates("server-ec.crt"))).containsExactly(ecCertificate);
    }

    @Test
    void crlfLineEndsAndIndentationAreAccepted() throws Exception {
        String crlf = Files.readString(tls("server.crt")).replace("\n", "\r\n  ");
        assertThat(PemCertificates.read(tempFile("certificate chain", crlf))).containsExactly(rsaCertificate);
    }

    @Test
    void aStreamIsReadOnceAndNamedAsAStream() throws Exception {
        TlsSource source;
        try (InputStream in = Files.newInputStream(tls("server.crt"))) {
            source = TlsSource.stream("certificate chain", in);
        }
        assertThat(PemCertificates.read(source)).containsExactly(rsaCertificate);
        assertThat(PemCertificates.read(source)).containsExactly(rsaCertificate);
        assertThatThrownBy(() -> PemPrivateKeys.read(source, null)).hasMessageContaining("(stream)");
    }

    // ---- errors: each names the file and the problem

    @Test
    void aMissingFileIsNamed() {
        Path missing = temp.resolve("no-such.key");
        assertThatThrownBy(() -> PemPrivateKeys.read(TlsSource.file("private key", missing), null))
                .isInstanceOf(GettyException.class)
                .hasMessage("TLS private key file " + missing + ": no such file");
    }

    @Test
    void garbageIsNotPem() throws Exception {
        Path garbage = Files.write(temp.resolve("garbage.crt"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0A, 0x02, 0x7F, -1});
        assertThatThrownBy(() -> PemCertificates.read(TlsSource.file("certificate chain", garbage)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(garbage.toString())
                .hasMessageContaining("not PEM");
    }

    @Test
    void aCertificateFileGivenAsTheKeyIsCalledOut() {
        assertThatThrownBy(() -> PemPrivateKeys.read(key("server.crt"), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(tls("server.crt").toString())
                .hasMessageContaining("holds a certificate, not a private key");
    }

    @Test
    void aKeyFileGivenAsTheCertificateIsCalledOut() {
        assertThatThrownBy(() -> PemCertificates.read(certificates("server.key")))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(tls("server.key").toString())
                .hasMessageContaining("holds a private key, not a certificate");
    }

    @Test
    void aWrongPasswordIsSaid() {
        assertThatThrownBy(() -> PemPrivateKeys.read(key("server-encrypted.key"), "wrong".toCharArray()))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(tls("server-encrypted.key").toString())
                .hasMessageContaining("wrong password");
    }

    @Test
    void anEncryptedKeyWithoutAPasswordIsSaid() {
        assertThatThrownBy(() -> PemPrivateKeys.read(key("server-encrypted.key"), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("encrypted")
                .hasMessageContaining("no password was given");
    }

    @Test
    void anEncryptionTheJdkDoesNotHaveIsSaid() throws Exception {
        byte[] unknownScheme = DerWriter.sequence(DerWriter.sequence(DerWriter.oid("1.3.6.1.4.1.99999.1")),
                DerWriter.octetString(new byte[32]));
        TlsSource source = tempFile("private key", pem("ENCRYPTED PRIVATE KEY", unknownScheme));
        assertThatThrownBy(() -> PemPrivateKeys.read(source, PASSWORD))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("1.3.6.1.4.1.99999.1, which this JDK cannot decrypt");
    }

    @Test
    void legacyOpensslEncryptionIsRefusedWithTheFix() throws Exception {
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", legacy), PASSWORD))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("legacy key encryption")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void badBase64IsSaid() throws Exception {
        String bad = "-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> PemCertificates.read(tempFile("certificate chain", bad)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("the 'CERTIFICATE' block at line 1 is not valid base64");
    }

    @Test
    void aBlockWithoutItsEndIsSaid() throws Exception {
        String truncated = Files.readString(tls("server.crt")).replace("-----END CERTIFICATE-----", "");
        assertThatThrownBy(() -> PemCertificates.read(tempFile("certificate chain", truncated)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("has no END line");
    }

    @Test
    void mismatchedBoundariesAreSaid() throws Exception {
        String mismatched = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemCertificates.read(tempFile("certificate chain", mismatched)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("ends a 'CERTIFICATE' block");
    }

    @Test
    void aCertificateThatIsNotX509IsSaid() throws Exception {
        String notX509 = pem("CERTIFICATE", DerWriter.sequence(DerWriter.integer(1)));
        assertThatThrownBy(() -> PemCertificates.read(tempFile("certificate chain", notX509)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("certificate 1 is not a valid X.509 certificate");
    }

    @Test
    void aKeyThatIsNotDerIsSaid() throws Exception {
        String notDer = pem("RSA PRIVATE KEY", new byte[] {0x02, 0x01, 0x00});
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", notDer), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("the RSA PRIVATE KEY block is not a valid key: malformed DER: expected SEQUENCE");
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        String two = Files.readString(tls("server.key")) + Files.readString(tls("client.key"));
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", two), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("holds 2 private keys");
    }

    @Test
    void anUnsupportedKeyAlgorithmIsNamedByItsOid() throws Exception {
        byte[] x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", pem("PRIVATE KEY", x25519)), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("unsupported key algorithm (OID 1.3.101.110)");
    }

    @Test
    void aSec1KeyWithoutItsCurveIsRefusedWithTheFix() throws Exception {
        byte[] noCurve = DerWriter.sequence(DerWriter.integer(1), DerWriter.octetString(new byte[32]));
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", pem("EC PRIVATE KEY", noCurve)), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("does not name its curve");
    }

    @Test
    void aSec1KeyWithExplicitCurveParametersIsRefusedWithTheFix() throws Exception {
        byte[] explicitParameters = DerWriter.sequence(DerWriter.integer(1));
        byte[] tagged = new byte[explicitParameters.length + 2];
        tagged[0] = (byte) 0xA0;
        tagged[1] = (byte) explicitParameters.length;
        System.arraycopy(explicitParameters, 0, tagged, 2, explicitParameters.length);
        byte[] key = DerWriter.sequence(DerWriter.integer(1), DerWriter.octetString(new byte[32]), tagged);
        assertThatThrownBy(() -> PemPrivateKeys.read(tempFile("private key", pem("EC PRIVATE KEY", key)), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("explicit parameters")
                .hasMessageContaining("named_curve");
    }

    @Test
    void aFileLargerThanAnyPemFileIsRefusedBeforeItIsRead() throws Exception {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];
        assertThatThrownBy(() -> TlsSource.stream("certificate chain", new ByteArrayInputStream(huge)))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("larger than");
    }

    // ---- key managers: the key must belong to the certificate

    @Test
    void aKeyForAnotherCertificateIsCalledOut() throws Exception {
        assertThatThrownBy(() -> KeyManagers.fromPem(certificates("server.crt"), key("client.key"), null))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(tls("client.key").toString())
                .hasMessageContaining("does not belong to the first certificate in " + tls("server.crt"));
        assertThatThrownBy(() -> KeyManagers.fromPem(certificates("server.crt"), key("server-ec.key"), null))
                .hasMessageContaining("this EC key does not belong");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        TlsSource otherEcKey = tempFile("private key", pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()));
        assertThatThrownBy(() -> KeyManagers.fromPem(certificates("server-ec.crt"), otherEcKey, null))
                .hasMessageContaining("this EC key does not belong to the first certificate");
        assertThatCode(() -> KeyManagers.fromPem(certificates("server-ec.crt"), key("server-ec-sec1.key"), null))
                .doesNotThrowAnyException();
    }

    @Test
    void keyStoreErrorsAreNamed() {
        assertThatThrownBy(() -> KeyManagers.fromKeyStore(TlsSource.file("key store", tls("server.p12")),
                "wrong".toCharArray()))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining(tls("server.p12").toString())
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> KeyManagers.fromKeyStore(TlsSource.file("key store", tls("server.crt")), PASSWORD))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("not a PKCS#12 or JKS keystore");
        assertThatThrownBy(() -> KeyManagers.fromKeyStore(TlsSource.file("key store", tls("truststore.p12")), PASSWORD))
                .isInstanceOf(GettyException.class)
                .hasMessageContaining("holds no private key entry");
    }

    // ---- DER: the writer and the reader agree

    @Test
    void oidsRoundTripIncludingLargeArcs() throws Exception {
        for (String oid : List.of("1.2.840.113549.1.1.1", "1.2.840.10045.3.1.7", "2.999.1", "0.9.2342.19200300.100.1.1",
                "1.3.6.1.4.1.4294967296.1")) {
            assertThat(new DerReader(DerWriter.oid(oid)).oid()).isEqualTo(oid);
        }
        assertThat(DerWriter.oid("1.2.840.113549.1.1.1"))
                .isEqualTo(new byte[] {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01});
    }

    @Test
    void longLengthsRoundTrip() throws Exception {
        for (int size : new int[] {0, 127, 128, 255, 256, 65535, 65536}) {
            byte[] content = new byte[size];
            if (size > 0) {
                content[size - 1] = 7;
            }
            DerReader reader = new DerReader(DerWriter.sequence(DerWriter.octetString(content))).sequence();
            assertThat(reader.octetString()).isEqualTo(content);
            assertThat(reader.hasMore()).isFalse();
        }
    }

    @Test
    void aLengthPastItsContainerIsMalformed() {
        byte[] overrun = {0x30, 0x05, 0x02, 0x01};
        assertThatThrownBy(() -> new DerReader(overrun).sequence())
                .hasMessageContaining("overruns its container");
    }
}
