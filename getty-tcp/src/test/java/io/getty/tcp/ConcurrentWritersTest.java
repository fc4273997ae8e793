package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.frame;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writes from many threads at once to one session: each arrives whole, and each thread's in its order. */
@Timeout(60)
class ConcurrentWritersTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 5000;

    /** [thread id: 1][seq: 4][filler derived from both], 5..204 bytes. */
    static byte[] payload(int thread, int seq) {
        int size = 5 + (seq * 31 + thread) % 200;
        ByteBuffer b = ByteBuffer.allocate(size).put((byte) thread).putInt(seq);
        while (b.hasRemaining()) {
            b.put((byte) (thread * 17 + seq + b.position()));
        }
        return b.array();
    }

    @Test
    void eightThreadsWriteToOneSession() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeBufferLimit(64 * 1024 * 1024) // the test is about order, not back-pressure
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        try (FrameClient peer = FrameClient.connect(server.port())) {
            Session session = get(accepted.next().opened);
            List<WriteFuture> futures = new CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    List<WriteFuture> mine = new ArrayList<>(PER_THREAD);
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int seq = 0; seq < PER_THREAD; seq++) {
                        byte[] p = payload(id, seq);
                        // Every way of writing: through the codec, raw bytes of a whole frame, and a gathering pair.
                        mine.add(switch (seq % 3) {
                            case 0 -> session.writePkg(ByteBuffer.wrap(p));
                            case 1 -> session.writeBytes(frame(p));
                            default -> session.writeBytesArray(ByteBuffer.allocate(4).putInt(p.length).array(), p);
                        });
                    }
                    futures.addAll(mine);
                }, "writer-" + t);
                w.start();
                writers.add(w);
            }
            start.countDown();
            int[] next = new int[THREADS];
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                byte[] got = peer.receive();
                assertThat(got.length).as("frame %d", i).isGreaterThanOrEqualTo(5);
                ByteBuffer b = ByteBuffer.wrap(got);
                int thread = b.get();
                int seq = b.getInt();
                assertThat(thread).isBetween(0, THREADS - 1);
                assertThat(seq).as("thread %d's order", thread).isEqualTo(next[thread]);
                if (!Arrays.equals(got, payload(thread, seq))) {
                    throw new AssertionError("frame " + i + " (thread " + thread + ", seq " + seq + ") is not whole");
                }
                next[thread]++;
            }
            for (Thread w : writers) {
                w.join(10_000);
            }
            assertThat(next).containsOnly(PER_THREAD);
            assertThat(futures).hasSize(THREADS * PER_THREAD);
            TcpTestSupport.await("every write future done", () -> futures.stream().allMatch(WriteFuture::isDone));
            assertThat(futures).allMatch(WriteFuture::isSuccess);
            assertThat(session.stats().packetsWritten()).isEqualTo(THREADS * PER_THREAD);
            assertThat(session.pendingWriteBytes()).isZero();
        } finally {
            closeAll(server);
        }
    }
}
