package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.frame;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A packet received on one session and written, from {@code onMessage}, to a session on another loop (a
 * proxy, a chat room): it must arrive as it was received, although the zero-copy packet's bytes are reused
 * once {@code onMessage} returns.
 */
@Timeout(60)
class ForwardingTest {
    private static final int FRAMES = 3000;
    private static final int MAX_PAYLOAD = 300;

    /** [seq: 4][filler derived from seq], 8..299 bytes, no two alike. */
    private static byte[] payload(int seq) {
        int size = 8 + (seq * 37) % (MAX_PAYLOAD - 8);
        ByteBuffer b = ByteBuffer.allocate(size).putInt(seq);
        while (b.hasRemaining()) {
            b.put((byte) (seq * 13 + b.position()));
        }
        return b.array();
    }

    /** The length and first bytes of {@code b}, for a short failure message. */
    private static String head(byte[] b) {
        return b.length + " bytes " + Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 8))) + "...";
    }

    /** Records the loop thread that ran {@code onOpen}. */
    private static final class LoopRecorder extends Recorder {
        volatile String loopThread;

        LoopRecorder(BiConsumer<Session, ByteBuffer> onMessage) {
            super(onMessage);
        }

        @Override
        public void onOpen(Session s) {
            loopThread = Thread.currentThread().getName();
            super.onOpen(s);
        }
    }

    /** Two clients whose sessions are on different loops: A's frames are forwarded with {@code forward} to B. */
    private static void assertForwardedIntact(BiConsumer<Session, ByteBuffer> forward) throws Exception {
        AtomicReference<Session> target = new AtomicReference<>();
        Accepted accepted = new Accepted();
        TcpServer server = server() // two loops
                .onNewSession(accepted.initializer(() -> new LoopRecorder((s, pkg) -> {
                    Session to = target.get();
                    if (to != null && to != s) {
                        forward.accept(to, pkg);
                    }
                })))
                .start();
        List<FrameClient> clients = new ArrayList<>();
        try {
            FrameClient a = FrameClient.connect(server.port());
            clients.add(a);
            LoopRecorder ra = (LoopRecorder) accepted.of(a);
            get(ra.opened);
            FrameClient b = null;
            for (int i = 0; i < 8 && b == null; i++) {
                FrameClient c = FrameClient.connect(server.port());
                clients.add(c);
                LoopRecorder rc = (LoopRecorder) accepted.of(c);
                if (!get(rc.opened).equals(ra.session) && !rc.loopThread.equals(ra.loopThread)) {
                    b = c;
                    target.set(rc.session);
                }
            }
            assertThat(b).as("a session on another loop than A's").isNotNull();

            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int seq = 0; seq < FRAMES; seq++) {
                burst.writeBytes(frame(payload(seq)));
            }
            a.sendRaw(burst.toByteArray()); // in one go: many frames per read, each a view the loop re-points
            for (int seq = 0; seq < FRAMES; seq++) {
                byte[] got = b.receive(MAX_PAYLOAD);
                if (!Arrays.equals(got, payload(seq))) {
                    throw new AssertionError("frame " + seq + " forwarded from A to B arrived corrupted: got "
                            + head(got) + ", expected " + head(payload(seq)));
                }
            }
        } finally {
            for (FrameClient c : clients) {
                c.close();
            }
            closeAll(server);
        }
    }

    // issue 12, defect 5: a forwarded packet was encoded by the other loop after its view had been re-pointed
    @Test
    void aPacketForwardedWithWritePkgToASessionOnAnotherLoopArrivesIntact() throws Exception {
        assertForwardedIntact(Session::writePkg);
    }

    // issue 12, defect 5
    @Test
    void aPacketForwardedWithSendPkgToASessionOnAnotherLoopArrivesIntact() throws Exception {
        assertForwardedIntact(Session::sendPkg);
    }
}
