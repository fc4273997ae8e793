package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.awaitCollected;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.PkgWriter;
import io.getty.core.Session;
import io.getty.core.WaterMarks;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a write may hold: bytes up to the write buffer limit, and nothing once it is done. */
@Timeout(60)
class WriteLimitsTest {
    private static final int KIB = 1024;

    // issue 12, defect 2: writes queued for the loop by other threads were not counted toward the limit
    @Test
    void writesFromOtherThreadsCountTowardTheWriteBufferLimitWhenTheyAreMade() throws Exception {
        int limit = 64 * KIB;
        int packet = KIB;
        int threads = 4;
        int perThread = 256; // 1 MiB in all: 16 times the limit
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeBufferLimit(limit)
                .waterMarks(new WaterMarks(16 * KIB, 32 * KIB))
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
                    if (string(pkg).equals("hold the loop")) {
                        loopHeld.countDown();
                        try {
                            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })))
                .start();
        try (FrameClient peer = FrameClient.connect(server.port())) {
            Session s = get(accepted.of(peer).opened);
            // The session's loop is held in a callback, so no write made now can reach it before the release:
            // what the writers are told at once is all that bounds them.
            peer.send("hold the loop");
            assertThat(loopHeld.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            List<WriteFuture> notRefused = new CopyOnWriteArrayList<>();
            List<Throwable> refusals = new CopyOnWriteArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        WriteFuture f = s.writePkg(ByteBuffer.allocate(packet));
                        if (f.isDone() && !f.isSuccess()) {
                            refusals.add(f.cause());
                        } else {
                            notRefused.add(f);
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join(WAIT.toMillis());
            }
            release.countDown();

            long acceptedBytes = (long) notRefused.size() * (packet + 4);
            assertThat(acceptedBytes).as("bytes of writes not refused at once (%d of %d writes), with a limit of %d",
                    notRefused.size(), threads * perThread, limit).isLessThanOrEqualTo(2L * limit);
            assertThat(refusals).allMatch(e -> e instanceof WriteBufferFullException);
            // Every write that was not refused is sent.
            for (int i = 0; i < notRefused.size(); i++) {
                assertThat(peer.receive(packet)).hasSize(packet);
            }
            await("every accepted write done", () -> notRefused.stream().allMatch(WriteFuture::isDone));
            assertThat(notRefused).allMatch(WriteFuture::isSuccess);
        } finally {
            release.countDown();
            closeAll(server);
        }
    }

    /** A packet type of this test's own, so that nothing else refers to its instances. */
    private record Note(byte[] text) {
    }

    /** Writes a {@link Note} as a length-field frame. */
    private static final PkgWriter<Note> NOTE_WRITER = (session, note, out) -> {
        out.writeInt(note.text().length);
        out.writeBytes(note.text());
    };

    /** Writes a note with a one-hour timeout; returns weak references to the note and to the write's future. */
    private static List<WeakReference<Object>> writeWithAnHourOfTimeout(Session s, String text) throws Exception {
        Note note = new Note(TcpTestSupport.utf8(text));
        WriteFuture write = s.writePkg(note, Duration.ofHours(1));
        get(write.toCompletableFuture()); // sent
        return List.of(new WeakReference<>(note), new WeakReference<>(write));
    }

    // issue 12, defect 12: the deadline of writePkg(pkg, timeout) kept the write for the whole timeout
    @Test
    void aWriteWithATimeoutKeepsNothingReachableOnceItIsSent() throws Exception {
        CompletableFuture<List<WeakReference<Object>>> fromTheLoop = new CompletableFuture<>();
        CompletableFuture<Session> opened = new CompletableFuture<>();
        TcpServer server = server()
                .onNewSession(s -> s.reader(CODEC).writer(NOTE_WRITER).listener(new EventListener<ByteBuffer>() {
                    @Override
                    public void onOpen(Session session) {
                        opened.complete(session);
                    }

                    @Override
                    public void onMessage(Session session, ByteBuffer pkg) {
                        Note note = new Note(TcpTestSupport.bytes(pkg));
                        WriteFuture write = session.writePkg(note, Duration.ofHours(1));
                        fromTheLoop.complete(List.of(new WeakReference<>(note), new WeakReference<>(write)));
                    }
                }))
                .start();
        try (FrameClient peer = FrameClient.connect(server.port())) {
            List<WeakReference<Object>> refs = new ArrayList<>(writeWithAnHourOfTimeout(get(opened), "from a test thread"));
            assertThat(peer.receiveString()).isEqualTo("from a test thread");
            assertThat(peer.echo("from the loop")).isEqualTo("from the loop");
            refs.addAll(get(fromTheLoop));
            awaitCollected("notes written with a one-hour timeout, and their futures, once sent", refs);
        } finally {
            closeAll(server);
        }
    }

    /**
     * Connects, has the server write one note to the new session (with {@code timeout}, or none when null)
     * and waits until it is sent, then closes the connection and waits for the session's {@code onClose};
     * returns a weak reference to the session.
     */
    private static WeakReference<Session> closedSessionThatWrote(TcpServer server, List<CompletableFuture<Session>> opened,
                                                                 List<CompletableFuture<Void>> closed, Duration timeout)
            throws Exception {
        int index = opened.size();
        opened.add(new CompletableFuture<>());
        closed.add(new CompletableFuture<>());
        try (FrameClient peer = FrameClient.connect(server.port())) {
            Session s = get(opened.get(index));
            Note note = new Note(TcpTestSupport.utf8("note"));
            WriteFuture write = timeout == null ? s.writePkg(note) : s.writePkg(note, timeout);
            get(write.toCompletableFuture());
            assertThat(peer.receiveString()).isEqualTo("note");
            opened.set(index, null);
            return new WeakReference<>(s);
        } finally {
            get(closed.get(index));
        }
    }

    // issue 12, defect 12: the deadline of a sent write kept its session, closed since, for the whole timeout
    @Test
    void aClosedSessionIsNotKeptByTheDeadlineOfAWriteItSent() throws Exception {
        List<CompletableFuture<Session>> opened = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> closed = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        TcpServer server = server()
                .onNewSession(s -> {
                    int index = n.getAndIncrement();
                    s.reader(CODEC).writer(NOTE_WRITER).listener(new EventListener<ByteBuffer>() {
                        @Override
                        public void onOpen(Session session) {
                            opened.get(index).complete(session);
                        }

                        @Override
                        public void onMessage(Session session, ByteBuffer pkg) {
                        }

                        @Override
                        public void onClose(Session session) {
                            closed.get(index).complete(null);
                        }
                    });
                })
                .start();
        try {
            WeakReference<Session> control = closedSessionThatWrote(server, opened, closed, null);
            awaitCollected("a closed session that wrote without a timeout (the control)", List.of(control));
            WeakReference<Session> withDeadline = closedSessionThatWrote(server, opened, closed, Duration.ofHours(1));
            awaitCollected("a closed session that wrote with a one-hour timeout", List.of(withDeadline));
        } finally {
            closeAll(server);
        }
    }
}
