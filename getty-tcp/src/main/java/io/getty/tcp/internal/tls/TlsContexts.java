package io.getty.tcp.internal.tls;

import io.getty.core.GettyException;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Makes the JDK {@link SSLContext} a TLS configuration hands its engines out of. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * A "TLS" context (every version the JDK has; the engines narrow it) with these managers.
     *
     * @param keyManagers what this side presents, or {@code null} for no certificate
     * @param trustManagers what verifies the peer, or {@code null} for the JDK's default trust (its
     *                      {@code cacerts}, or {@code javax.net.ssl.trustStore})
     */
    public static SSLContext create(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new GettyException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }
}
