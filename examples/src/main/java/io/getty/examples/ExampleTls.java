package io.getty.examples;

import io.getty.core.GettyException;
import io.getty.tcp.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The TLS settings of the examples, from the certificate shipped in the jar ({@code tls/} in its resources):
 * a server certificate for {@code localhost} and {@code 127.0.0.1}, its private key, and the test CA that
 * signed it. NOT FOR PRODUCTION: the private key is public (see {@code tls/NOT-FOR-PRODUCTION.md}).
 */
final class ExampleTls {
    /** Said on stderr whenever an example serves with the shipped certificate. */
    static final String SERVER_WARNING = "the example certificate shipped in the jar is NOT FOR PRODUCTION: its "
            + "private key is public, so anyone can impersonate this server and read its traffic";
    /** Said on stderr whenever a client is told not to verify the server. */
    static final String INSECURE_WARNING = "WARNING: --insecure: the server's certificate is NOT verified; anyone "
            + "in the middle can read and change this traffic";

    private static final String DIRECTORY = "/tls/";

    private ExampleTls() {
    }

    /** The server's side: the shipped certificate and key, TLS 1.3 and 1.2. */
    static TlsConfig server() {
        try (InputStream chain = resource("server.crt"); InputStream key = resource("server.key")) {
            return TlsConfig.forServer().keyCertChain(chain, key).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The client's side: trusts the shipped CA and checks that the certificate names the host connected to (the
     * shipped one names localhost and 127.0.0.1); if {@code insecure}, trusts any certificate instead, as curl's
     * {@code --insecure} does.
     */
    static TlsConfig client(boolean insecure) {
        if (insecure) {
            return TlsConfig.forClient().insecureSkipVerify().build();
        }
        try (InputStream ca = resource("ca.crt")) {
            return TlsConfig.forClient().trustCertificates(ca).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ExampleTls.class.getResourceAsStream(DIRECTORY + name);
        if (in == null) {
            throw new GettyException("the examples' " + DIRECTORY + name + " is missing from the class path");
        }
        return in;
    }
}
