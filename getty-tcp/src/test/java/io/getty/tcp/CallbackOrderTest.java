package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.anyLoopbackPort;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.frame;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EncodeException;
import io.getty.core.Session;
import io.getty.core.WaterMarks;
import io.getty.core.WriteBufferFullException;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a callback may do to its own session while getty is in the middle of something for it: the session
 * must not be closed under the caller's feet, and what it held must be given back once.
 */
@Timeout(60)
class CallbackOrderTest {
    private static final int KIB = 1024;

    /**
     * A recorder whose {@code onWritabilityChanged(true)} throws (a listener bug). Asked to "fill", it writes 2 MiB
     * at once on its loop, so that its output passes the high water mark before any of it can be flushed.
     */
    private static final class ThrowsWhenWritableAgain extends Recorder {
        ThrowsWhenWritableAgain() {
            super((s, pkg) -> {
                byte[] chunk = new byte[64 * KIB];
                for (int i = 0; i < 32; i++) {
                    s.writePkg(ByteBuffer.wrap(chunk));
                }
            });
        }

        @Override
        public void onWritabilityChanged(Session s, boolean writable) {
            super.onWritabilityChanged(s, writable);
            if (writable) {
                throw new IllegalStateException("listener bug when writable again (test)");
            }
        }
    }

    /**
     * Bytes that no compressor shrinks (the suite also runs with a deflate layer under every session, which would
     * squeeze a periodic pattern into a few kilobytes that never wait in the output).
     */
    private static byte[] pattern(int seq, int size) {
        byte[] b = new byte[size];
        new java.util.Random(seq).nextBytes(b);
        return b;
    }

    // issue 12, defect 1: flush gave the session's pooled output buffer back twice after a callback closed it
    @Test
    void aListenerThatThrowsWhenWritableAgainDoesNotMakeTwoLaterSessionsShareAnOutputBuffer() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        Accepted accepted = new Accepted();
        TcpServer server = TcpTestSupport.newServer().bind(anyLoopbackPort())
                .threads(1) // every session, and so every pooled output buffer, on one loop
                .waterMarks(new WaterMarks(8 * KIB, 16 * KIB))
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(() -> first.getAndSet(false) ? new ThrowsWhenWritableAgain() : new Recorder()))
                .start();
        try {
            // A: fill its output while its peer does not read, then let the peer read: the output drains in a
            // flush, the session becomes writable again there, and the listener throws.
            try (FrameClient a = FrameClient.connect(server.port(), 64 * KIB)) {
                Recorder ra = accepted.of(a);
                Session sa = get(ra.opened);
                a.send("fill");
                TcpTestSupport.await("A's output passes the high water mark", () -> !sa.isWritable());
                assertThat(a.closedByPeer()).as("A reads until its session closes").isTrue();
                assertThat(get(ra.failed)).hasMessage("listener bug when writable again (test)");
                get(ra.closed);
            }

            // B: its echoes pile up in its output (its peer does not read them yet). C: one echo, on the same
            // loop, while B's output is pending. Each must get exactly its own bytes.
            try (FrameClient b = FrameClient.connect(server.port(), 64 * KIB);
                 FrameClient c = FrameClient.connect(server.port())) {
                Session sb = get(accepted.of(b).opened);
                get(accepted.of(c).opened);
                int frames = 16;
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int i = 0; i < frames; i++) {
                    burst.writeBytes(frame(pattern(i, 64 * KIB - 4)));
                }
                b.sendRaw(burst.toByteArray());
                TcpTestSupport.await("B's echoes wait in its output", () -> sb.pendingWriteBytes() > 0);

                c.send("c");
                byte[] cGot = c.receiveRaw(5);
                assertThat(cGot).as("C's echo is C's frame, not bytes of B's pending output (got %s)",
                        Arrays.toString(cGot)).isEqualTo(frame(utf8("c")));

                for (int i = 0; i < frames; i++) {
                    assertThat(b.receive(64 * KIB)).as("B's echo %d", i).isEqualTo(pattern(i, 64 * KIB - 4));
                }
                assertThat(c.echo("c again")).isEqualTo("c again");
            }
        } finally {
            closeAll(server);
        }
    }

    /**
     * A server whose listener, for every packet, marks that {@code onMessage} is running, calls
     * {@code badWrite} on its session, and records when {@code onMessage} returns; {@code onError} and
     * {@code onClose} record whether they ran inside it.
     */
    private static void assertClosedOnlyAfterOnMessageReturned(TcpServer.Builder builder, Consumer<Session> badWrite,
                                                                Class<? extends Throwable> expectedError) throws Exception {
        AtomicBoolean inOnMessage = new AtomicBoolean();
        List<String> insideOnMessage = new CopyOnWriteArrayList<>();
        Accepted accepted = new Accepted();
        TcpServer server = builder.onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
            inOnMessage.set(true);
            try {
                badWrite.accept(s);
            } finally {
                inOnMessage.set(false);
            }
        }) {
            @Override
            public void onMessage(Session s, ByteBuffer pkg) {
                super.onMessage(s, pkg);
                events.add("onMessage returned");
            }

            @Override
            public void onError(Session s, Throwable cause) {
                if (inOnMessage.get()) {
                    insideOnMessage.add("onError");
                }
                super.onError(s, cause);
            }

            @Override
            public void onClose(Session s) {
                if (inOnMessage.get()) {
                    insideOnMessage.add("onClose");
                }
                super.onClose(s);
            }
        })).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.of(client);
            client.send("trigger");
            assertThat(get(r.failed)).isInstanceOf(expectedError);
            get(r.closed);
            assertThat(insideOnMessage).as("callbacks that ran while onMessage was still on the stack").isEmpty();
            assertThat(r.eventList()).containsExactly("open", "onMessage returned",
                    "error:" + expectedError.getSimpleName(), "close");
            assertThat(client.closedByPeer()).isTrue();
        } finally {
            closeAll(server);
        }
    }

    // issue 12, defect 6: a failing sendPkg inside onMessage ran onError and onClose inside onMessage
    @Test
    void aSendPkgThatTheWriterRejectsClosesTheSessionOnlyAfterOnMessageReturned() throws Exception {
        assertClosedOnlyAfterOnMessageReturned(server(), s -> s.sendPkg("not a ByteBuffer"), EncodeException.class);
    }

    // issue 12, defect 6: the same with a packet past the write buffer limit
    @Test
    void aSendPkgPastTheWriteBufferLimitClosesTheSessionOnlyAfterOnMessageReturned() throws Exception {
        TcpServer.Builder small = server().writeBufferLimit(KIB).waterMarks(new WaterMarks(256, 512));
        assertClosedOnlyAfterOnMessageReturned(small, s -> s.sendPkg(ByteBuffer.allocate(2 * KIB)),
                WriteBufferFullException.class);
    }
}
