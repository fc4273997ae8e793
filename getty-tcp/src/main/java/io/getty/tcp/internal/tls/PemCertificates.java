package io.getty.tcp.internal.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM: every {@code CERTIFICATE} block of a file, in file order. */
public final class PemCertificates {
    private static final String LABEL = "CERTIFICATE";

    private PemCertificates() {
    }

    /**
     * The certificates in {@code source}: for a chain, the end entity first and then its issuers; for a
     * trust bundle, the CAs in any order.
     *
     * @throws io.getty.core.GettyException naming the source and what is wrong with it
     */
    public static List<X509Certificate> read(TlsSource source) {
        List<Pem.Block> blocks = Pem.read(source);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw source.error("this JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (!block.label().equals(LABEL)) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw source.error("certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate: "
                        + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            String found = Pem.labels(blocks);
            throw source.error(found.contains("PRIVATE KEY")
                    ? "holds a private key, not a certificate (found " + found + "); give the certificate file here"
                    : "no CERTIFICATE block (found " + found + ")");
        }
        return List.copyOf(certificates);
    }
}
