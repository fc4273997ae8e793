package io.getty.tcp;

import io.getty.core.AttributeKey;
import io.getty.core.Session;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * What a session's TLS handshake negotiated: the protocol version, the cipher suite, the ALPN protocol and
 * the peer's certificate chain. Set before {@code onOpen} runs (and again if a TLS 1.2 peer renegotiates),
 * so a listener can check its peer when the session opens:
 *
 * <pre>{@code
 * public void onOpen(Session s) {
 *     TlsInfo tls = TlsInfo.of(s);                      // null on a session without TLS
 *     log.info("{} {} {}", tls.protocol(), tls.cipherSuite(), tls.peerCertificates().get(0));
 * }
 * }</pre>
 *
 * @param protocol            the TLS version, e.g. {@code "TLSv1.3"}
 * @param cipherSuite         the cipher suite, by its JDK name, e.g. {@code "TLS_AES_256_GCM_SHA384"}
 * @param applicationProtocol the ALPN protocol agreed on, or {@code null} when none was
 * @param peerCertificates    the peer's chain, its own certificate first; empty when the peer sent none (a
 *                            client without a certificate)
 * @param sslSession          the JDK's view of the TLS session, for anything else (its id, the local chain)
 */
public record TlsInfo(String protocol, String cipherSuite, String applicationProtocol,
                      List<Certificate> peerCertificates, SSLSession sslSession) {

    /** The session attribute that holds a TLS session's {@code TlsInfo}; getty sets it, {@link #of} reads it. */
    public static final AttributeKey<TlsInfo> ATTRIBUTE = AttributeKey.of("getty.tls");

    public TlsInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
        Objects.requireNonNull(sslSession, "sslSession");
    }

    /**
     * What {@code session}'s TLS handshake negotiated, or {@code null} if the session does not speak TLS (or,
     * before {@code onOpen}, has not finished its handshake).
     */
    public static TlsInfo of(Session session) {
        return session.attribute(ATTRIBUTE);
    }
}
