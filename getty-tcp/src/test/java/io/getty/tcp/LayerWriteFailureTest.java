package io.getty.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A layer whose write throws (as TLS's does with an SSLException, or a compressor with an IOException) fails its
 * session gracefully: what the layer wrote of its own before throwing (an alert) still reaches the peer.
 */
@Timeout(30)
class LayerWriteFailureTest {

    /** Passes bytes through; its write leaves an alert below and throws. */
    private static final class BreakingLayer implements Layer {
        @Override
        public void open(LayerContext ctx) {
            ctx.opened();
        }

        @Override
        public void read(ByteBuffer in, LayerContext ctx) {
            ByteBuffer bytes = in.duplicate();
            in.position(in.limit());
            ctx.passUp(bytes);
        }

        @Override
        public void write(OutboundBuffer above, LayerContext ctx) throws IOException {
            ctx.below().writeBytes("ALERT".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("the layer broke");
        }

        @Override
        public boolean close(LayerContext ctx) {
            return true;
        }

        @Override
        public void inputEnded(int unread, LayerContext ctx) {
        }

        @Override
        public void release() {
        }
    }

    @Test
    void theAlertALayerWroteBeforeItsWriteThrewReachesThePeer() throws Exception {
        TcpServer server = TcpServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .threads(1).layer(client -> new BreakingLayer())
                .onNewSession(s -> s.codec(TcpTestSupport.CODEC, (EventListener<ByteBuffer>) Session::writePkg))
                .start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(TcpTestSupport.frame("echo me".getBytes(StandardCharsets.US_ASCII)));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[256];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (IOException reset) {
                // the connection may be reset after the alert; what arrived before counts
            }
            assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("ALERT");
        } finally {
            server.close();
        }
    }
}
