package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TlsConfigTest.tls;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/** What the TLS session tests share: configurations from the test certificates, and a JDK TLS frame client. */
final class TlsTestSupport {

    private TlsTestSupport() {
    }

    /** The server's configuration: {@code server.crt} (localhost, 127.0.0.1), signed by the test CA. */
    static TlsConfig.ServerBuilder serverConfig() {
        return TlsConfigTest.pemServer();
    }

    /** A client that trusts the test CA and verifies host names. */
    static TlsConfig.ClientBuilder clientConfig() {
        return TlsConfigTest.caClient();
    }

    /** A client configuration that presents {@code client.crt} (mutual TLS). */
    static TlsConfig.ClientBuilder clientWithCertificate() {
        return clientConfig().keyCertChain(tls("client.crt"), tls("client.key"));
    }

    /** A server builder on 127.0.0.1 with TLS; the caller sets the initializer. */
    static TcpServer.Builder tlsServer(TlsConfig config) {
        return TcpServer.builder().bind(TcpTestSupport.anyLoopbackPort()).threads(2).tls(config);
    }

    /** A JDK {@link SSLSocket} speaking 4-byte-length frames: a TLS peer that getty did not write. */
    static final class SslFrameClient implements AutoCloseable {
        final SSLSocket socket;
        final DataInputStream in;
        final DataOutputStream out;

        SslFrameClient(SSLSocket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) WAIT.toMillis());
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(socket.getOutputStream());
        }

        /** Connects to 127.0.0.1:{@code port} and shakes hands as {@code config} says, with these protocols. */
        static SslFrameClient connect(TlsConfig config, int port, String... protocols) throws IOException {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(HOST, port), (int) WAIT.toMillis());
            plain.setTcpNoDelay(true);
            plain.setSoTimeout((int) WAIT.toMillis()); // the handshake too fails, rather than hangs, on a silent server
            SSLSocket socket = (SSLSocket) config.sslContext().getSocketFactory().createSocket(plain, HOST, port, true);
            javax.net.ssl.SSLParameters parameters = config.newEngine(HOST, port).getSSLParameters();
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new SslFrameClient(socket);
        }

        void send(byte[] payload) throws IOException {
            out.write(TcpTestSupport.frame(payload));
            out.flush();
        }

        byte[] receive() throws IOException {
            int length = in.readInt();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        }

        String echo(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
            return new String(receive(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
