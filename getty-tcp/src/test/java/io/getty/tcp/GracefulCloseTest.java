package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code close()}: what was written reaches the peer, then EOF. Closing a socket with unread input makes the
 * kernel send a reset, which throws away what the peer has not read yet; a graceful close must not.
 */
@Timeout(60)
class GracefulCloseTest {
    private static final int KIB = 1024;

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + i / 251);
        }
        return b;
    }

    // issue 12, defect 13: close() with unread input reset the connection, destroying the reply in flight
    @Test
    void closeDeliversTheWholeReplyThenEofToAPeerWhoseRequestWasNeverRead() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .onNewSession(accepted.initializer(() -> new Recorder() {
                    @Override
                    public void onOpen(Session s) {
                        super.onOpen(s);
                        s.pauseReading(); // the server never reads what the peer sends
                    }
                }))
                .start();
        try (FrameClient peer = FrameClient.connect(server.port(), 64 * KIB)) {
            Recorder r = accepted.of(peer);
            Session s = get(r.opened);
            // Unread input on the server's side: small enough to fit in the kernel's buffers at once.
            peer.sendRaw(new byte[32 * KIB]);

            byte[] reply = pattern(2 * KIB * KIB);
            int chunk = 64 * KIB;
            for (int off = 0; off < reply.length; off += chunk) {
                s.writeBytes(Arrays.copyOfRange(reply, off, off + chunk));
            }
            s.close();

            // The peer reads slowly: most of the reply is still on its way when the server has written it all.
            InputStream in = peer.in;
            byte[] got = new byte[reply.length];
            int total = 0;
            String end;
            try {
                while (true) {
                    int n = in.read(got, total, Math.min(16 * KIB, got.length - total));
                    if (n < 0) {
                        end = "EOF";
                        break;
                    }
                    total += n;
                    if (total == got.length) {
                        end = in.read() < 0 ? "EOF" : "more bytes than the reply";
                        break;
                    }
                    Thread.sleep(1);
                }
            } catch (IOException e) {
                end = e.toString();
            }
            assertThat(total + " of " + reply.length + " bytes, then " + end)
                    .isEqualTo(reply.length + " of " + reply.length + " bytes, then EOF");
            assertThat(got).isEqualTo(reply);
            peer.socket.shutdownOutput(); // the peer's FIN: a server draining its input until then can finish
            get(r.closed);
            assertThat(r.errors).isEmpty();
        } finally {
            closeAll(server);
        }
    }
}
