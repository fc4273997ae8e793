package io.getty.tcp.internal.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts every certificate chain and every host name: the trust of {@code insecureSkipVerify()}, for tests
 * only. It must be an {@link X509ExtendedTrustManager}: the JDK wraps a plain {@code X509TrustManager} in
 * one that still checks the host name.
 */
final class InsecureTrustManager extends X509ExtendedTrustManager {
    static final InsecureTrustManager INSTANCE = new InsecureTrustManager();
    private static final X509Certificate[] NONE = new X509Certificate[0];

    private InsecureTrustManager() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
