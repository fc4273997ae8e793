package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.ByteOutput;
import io.getty.core.DecodeException;
import io.getty.core.EncodeException;
import io.getty.core.FrameTooLongException;
import io.getty.core.PkgHandler;
import io.getty.core.ReadTimeoutException;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.WaterMarks;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.core.WriteTimeoutException;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What bad input and bad peers get: the error, the close of that session only, and the others going on. */
@Timeout(60)
class BadInputTest {
    private static final int KIB = 1024;

    /** A healthy session of the same server still echoes, and a new one does too. */
    private static void othersStillWork(TcpServer server, FrameClient survivor) throws Exception {
        assertThat(survivor.echo("survivor")).isEqualTo("survivor");
        try (FrameClient fresh = FrameClient.connect(server.port())) {
            assertThat(fresh.echo("newcomer")).isEqualTo("newcomer");
        }
    }

    /** Connects a survivor and a client to misbehave, and hands both with their server sides to {@code test}. */
    private interface Pair {
        void run(FrameClient survivor, Recorder survivorSide, FrameClient bad, Recorder badSide) throws Exception;
    }

    private static void withTwo(TcpServer server, Accepted accepted, int badReceiveBuffer, Pair test) throws Exception {
        try (FrameClient survivor = FrameClient.connect(server.port());
             FrameClient bad = FrameClient.connect(server.port(), badReceiveBuffer)) {
            test.run(survivor, accepted.of(survivor), bad, accepted.of(bad));
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aLengthOverTheMaxClosesThatSessionOnly() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().maxMessageLength(1024).onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient survivor = FrameClient.connect(server.port())) {
            assertThat(survivor.echo("before")).isEqualTo("before");
            for (int header : new int[] {1025, 0x80000000, -1}) {
                try (FrameClient bad = FrameClient.connect(server.port())) {
                    Recorder r = accepted.of(bad);
                    get(r.opened);
                    bad.sendRaw(ByteBuffer.allocate(4).putInt(header).array()); // just the header: no payload needed
                    Throwable error = get(r.failed);
                    assertThat(error).isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                        assertThat(e.length()).isEqualTo(Integer.toUnsignedLong(header));
                        assertThat(e.maxLength()).isEqualTo(1024);
                    });
                    get(r.closed);
                    assertThat(r.eventList()).containsExactly("open", "error:FrameTooLongException", "close");
                    assertThat(bad.closedByPeer()).isTrue();
                }
                othersStillWork(server, survivor);
            }
            // A packet of exactly the max is fine.
            byte[] max = new byte[1024];
            survivor.send(max);
            assertThat(survivor.receive()).isEqualTo(max);
        } finally {
            closeAll(server);
        }
    }

    /** The length-field codec, except that a packet "boom" makes the reader throw and "bad" the writer. */
    private static final class FaultyCodec implements PkgHandler<ByteBuffer, ByteBuffer> {
        @Override
        public ByteBuffer read(Session session, ByteBuffer in) {
            ByteBuffer pkg = CODEC.read(session, in);
            if (pkg != null && string(pkg).equals("boom")) {
                throw new IllegalStateException("the reader refuses boom");
            }
            return pkg;
        }

        @Override
        public void write(Session session, ByteBuffer pkg, ByteOutput out) {
            out.writeInt(pkg.remaining());
            if (string(pkg).equals("bad")) {
                throw new IllegalArgumentException("the writer refuses bad"); // after writing part of a frame
            }
            out.writeBytes(pkg);
        }
    }

    @Test
    void aReaderThatThrowsIsADecodeErrorWithItsCause() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new, s -> s.codec(new FaultyCodec()))).start();
        withTwo(server, accepted, 0, (survivor, survivorSide, bad, r) -> {
            assertThat(bad.echo("fine")).isEqualTo("fine");
            bad.send("boom");
            Throwable error = get(r.failed);
            assertThat(error).isExactlyInstanceOf(DecodeException.class)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .cause().hasMessage("the reader refuses boom");
            get(r.closed);
            assertThat(r.eventList()).containsExactly("open", "error:DecodeException", "close");
            assertThat(bad.closedByPeer()).isTrue();
            othersStillWork(server, survivor);
        });
    }

    /**
     * The length-field codec for frames (which start with a 0 byte here), and a broken reader for a stream
     * that starts with {@code 'X'} (returns a packet without consuming a byte) or {@code 'W'} (waits forever).
     */
    private static final io.getty.core.PkgReader<ByteBuffer> BROKEN_FOR_X_AND_W = (session, in) -> {
        byte first = in.get(in.position());
        if (first == 'X') {
            return in.duplicate();
        }
        if (first == 'W') {
            return null;
        }
        return CODEC.read(session, in);
    };

    @Test
    void aReaderThatReturnsAPacketWithoutConsumingBytesIsADecodeError() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new, s -> s.reader(BROKEN_FOR_X_AND_W))).start();
        withTwo(server, accepted, 0, (survivor, survivorSide, bad, r) -> {
            bad.sendRaw(TcpTestSupport.utf8("X marks a reader that would loop forever"));
            assertThat(get(r.failed)).isExactlyInstanceOf(DecodeException.class).hasMessageContaining("consumed no bytes");
            get(r.closed);
            assertThat(r.messages.get()).isZero();
            assertThat(bad.closedByPeer()).isTrue();
            othersStillWork(server, survivor);
        });
    }

    @Test
    void aReaderThatNeverReturnsAPacketIsCutOffPastTheMaxLengthPlusHeadroom() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().maxMessageLength(1024)
                .onNewSession(accepted.initializer(Recorder::new, s -> s.reader(BROKEN_FOR_X_AND_W)))
                .start();
        withTwo(server, accepted, 0, (survivor, survivorSide, bad, r) -> {
            Session s = get(r.opened);
            byte[] chunk = new byte[16 * KIB];
            java.util.Arrays.fill(chunk, (byte) 'W');
            long sent = 0;
            try {
                while (sent < 4 * 1024 * KIB && !r.failed.isDone()) {
                    bad.sendRaw(chunk);
                    sent += chunk.length;
                }
            } catch (java.io.IOException closed) {
                // the server closed the connection: expected
            }
            assertThat(get(r.failed)).isInstanceOfSatisfying(FrameTooLongException.class,
                    e -> assertThat(e.length()).isGreaterThan(1024 + 64 * KIB));
            assertThat(s.stats().bytesRead()).as("buffered at most max + 64 KiB, plus one read")
                    .isLessThanOrEqualTo(1024 + 64 * KIB + 64 * KIB);
            get(r.closed);
            othersStillWork(server, survivor);
        });
    }

    @Test
    void aWriterThatThrowsFailsThatWriteOnlyAndLeavesNothingOnTheWire() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new, s -> s.codec(new FaultyCodec()))).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Session s = get(accepted.next().opened);
            WriteFuture before = s.writePkg(buffer("one"));
            WriteFuture bad = s.writePkg(buffer("bad"));
            WriteFuture after = s.writePkg(buffer("two"));
            assertThat(client.receiveString()).isEqualTo("one");
            assertThat(client.receiveString()).as("the half-written frame was taken back").isEqualTo("two");
            assertThat(get(before.toCompletableFuture())).isNull();
            assertThat(get(after.toCompletableFuture())).isNull();
            await("the bad write failed", bad::isDone);
            assertThat(bad.cause()).isInstanceOf(EncodeException.class).hasRootCauseMessage("the writer refuses bad");
            assertThat(client.echo("still open")).isEqualTo("still open");
            assertThat(s.isClosed()).isFalse();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aListenerThatThrowsGetsOnErrorThenOnClose() throws Exception {
        RuntimeException thrown = new IllegalStateException("listener bug (test)");
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
                    if (string(pkg).equals("throw")) {
                        throw thrown;
                    }
                    s.writePkg(pkg);
                })))
                .start();
        withTwo(server, accepted, 0, (survivor, survivorSide, bad, r) -> {
            bad.send("throw");
            bad.send("never delivered"); // the session fails on the first: nothing after it is delivered
            assertThat(get(r.failed)).isSameAs(thrown);
            get(r.closed);
            Thread.sleep(50);
            assertThat(r.eventList()).containsExactly("open", "error:IllegalStateException", "close");
            assertThat(r.messages.get()).isEqualTo(1);
            assertThat(bad.closedByPeer()).isTrue();
            othersStillWork(server, survivor);
        });
    }

    @Test
    void aPeerThatNeverReadsHitsTheWriteBufferLimitAndTheSessionStaysUsable() throws Exception {
        int limit = 1024 * KIB;
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeBufferLimit(limit)
                .waterMarks(new WaterMarks(256 * KIB, 512 * KIB))
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        withTwo(server, accepted, 64 * KIB, (survivor, survivorSide, lazy, r) -> {
            Session s = get(r.opened);
            byte[] chunk = new byte[64 * KIB];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) i;
            }
            ByteBuffer big = ByteBuffer.wrap(chunk);
            List<WriteFuture> futures = new ArrayList<>();
            WriteFuture refused = null;
            long maxPending = 0;
            for (int i = 0; i < 500 && refused == null; i++) {
                futures.add(s.writePkg(big));
                Thread.sleep(1);
                maxPending = Math.max(maxPending, s.pendingWriteBytes());
                refused = futures.stream().filter(f -> f.isDone() && !f.isSuccess()).findFirst().orElse(null);
            }
            assertThat(refused).as("a write failed before 500 x 64 KiB").isNotNull();
            assertThat(refused.cause()).isInstanceOf(WriteBufferFullException.class);
            assertThat(maxPending).as("pending bytes never pass the limit").isLessThanOrEqualTo(limit);
            assertThat(s.pendingWriteBytes()).isLessThanOrEqualTo(limit);
            assertThat(s.isWritable()).isFalse();
            assertThat(r.writability).startsWith(false);
            assertThat(s.isClosed()).as("a full buffer fails the write, not the session").isFalse();
            othersStillWork(server, survivor);

            // Now the peer reads: every write that was not refused arrives, whole and in order.
            Thread.sleep(100); // let queued writes settle: each is either accepted or refused by now
            long accepted64k = futures.stream().filter(f -> !(f.isDone() && !f.isSuccess())).count();
            for (long i = 0; i < accepted64k; i++) {
                assertThat(lazy.receive()).isEqualTo(chunk);
            }
            await("every write done", () -> futures.stream().allMatch(WriteFuture::isDone));
            for (WriteFuture f : futures) {
                assertThat(f.isSuccess() || f.cause() instanceof WriteBufferFullException).isTrue();
            }
            await("writable again", s::isWritable);
            assertThat(r.writability).containsExactly(false, true);
            assertThat(lazy.echo("caught up")).isEqualTo("caught up");
            assertThat(r.errors).isEmpty();
        });
    }

    @Test
    void pausingReadsWhileUnwritableLosesNoEchoToAPeerThatReadsLate() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(RecordStreams.DEFLATE, "deflate shrinks what would fill the kernel buffers");
        int limit = 1024 * KIB;
        java.util.concurrent.atomic.AtomicLong maxPending = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger pauses = new java.util.concurrent.atomic.AtomicInteger();
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeBufferLimit(limit)
                .waterMarks(new WaterMarks(128 * KIB, 256 * KIB))
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
                    WriteFuture f = s.writePkg(pkg);
                    if (f.isDone() && !f.isSuccess()) {
                        throw new AssertionError("an echo was refused", f.cause());
                    }
                    maxPending.accumulateAndGet(s.pendingWriteBytes(), Math::max);
                }) {
                    @Override
                    public void onWritabilityChanged(Session s, boolean writable) {
                        super.onWritabilityChanged(s, writable);
                        if (writable) {
                            s.resumeReading();
                        } else {
                            pauses.incrementAndGet();
                            s.pauseReading(); // the usual answer: stop taking requests whose replies cannot go out
                        }
                    }
                }))
                .start();
        withTwo(server, accepted, 64 * KIB, (survivor, survivorSide, late, r) -> {
            int packets = 1024;
            byte[] payload = new byte[16 * KIB];
            java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<?> sending = sender.submit(() -> {
                    for (int i = 0; i < packets; i++) {
                        ByteBuffer.wrap(payload).putInt(0, i);
                        late.send(payload); // 16 MiB in all: blocks while the server has stopped reading
                    }
                    return null;
                });
                Thread.sleep(500); // the peer reads nothing for a while
                assertThat(sending).as("the server stopped reading, so the sender is held back").isNotDone();
                othersStillWork(server, survivor);
                for (int i = 0; i < packets; i++) {
                    byte[] echo = late.receive();
                    assertThat(ByteBuffer.wrap(echo).getInt()).isEqualTo(i);
                }
                sending.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                sender.shutdownNow();
            }
            assertThat(pauses.get()).isPositive();
            assertThat(maxPending.get()).isLessThanOrEqualTo(limit);
            assertThat(r.errors).isEmpty();
            assertThat(late.echo("done")).isEqualTo("done");
        });
    }

    /**
     * Fills the kernel's buffers toward a peer that does not read, until the session holds 1 MiB. The socket
     * buffers are set to 64 KiB, which Linux doubles, and the kernel keeps taking a little more for a while, so
     * the session must hold well more than that for its output to stay backed up.
     */
    private static List<WriteFuture> fillUntilPending(Session s) throws InterruptedException {
        ByteBuffer big = ByteBuffer.allocate(64 * KIB);
        List<WriteFuture> futures = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.pendingWriteBytes() < 1024 * KIB && System.nanoTime() < deadline) {
            futures.add(s.writePkg(big));
            Thread.sleep(1);
        }
        assertThat(s.pendingWriteBytes()).isGreaterThanOrEqualTo(1024 * KIB);
        return futures;
    }

    @Test
    void aPeerThatStopsReadingFailsTheSessionAfterTheWriteTimeout() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(RecordStreams.DEFLATE, "deflate shrinks what would fill the kernel buffers");
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeTimeout(Duration.ofMillis(300))
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        withTwo(server, accepted, 64 * KIB, (survivor, survivorSide, lazy, r) -> {
            Session s = get(r.opened);
            long start = System.nanoTime();
            List<WriteFuture> futures = fillUntilPending(s);
            assertThat(get(r.failed)).isInstanceOf(WriteTimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).as("not before the timeout").isGreaterThanOrEqualTo(300);
            get(r.closed);
            List<String> events = r.eventList();
            assertThat(events).startsWith("open", "writable=false").endsWith("error:WriteTimeoutException", "close");
            WriteFuture last = futures.get(futures.size() - 1);
            assertThat(last.isDone() && !last.isSuccess()).isTrue();
            assertThat(last.cause()).isInstanceOf(SessionClosedException.class).hasCauseInstanceOf(WriteTimeoutException.class);
            othersStillWork(server, survivor);
        });
    }

    @Test
    void aWriteWithATimeoutThatIsNotSentInTimeFailsTheSession() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(RecordStreams.DEFLATE, "deflate shrinks what would fill the kernel buffers");
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        withTwo(server, accepted, 64 * KIB, (survivor, survivorSide, lazy, r) -> {
            Session s = get(r.opened);

            // One that is sent in time succeeds, and its deadline passing later does nothing.
            Session healthy = get(survivorSide.opened);
            WriteFuture quick = healthy.writePkg(buffer("quick"), Duration.ofMillis(200));
            assertThat(survivor.receiveString()).isEqualTo("quick");
            assertThat(get(quick.toCompletableFuture())).isNull();

            fillUntilPending(s);
            long start = System.nanoTime();
            WriteFuture timed = s.writePkg(ByteBuffer.allocate(1000), Duration.ofMillis(300));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get(timed.toCompletableFuture())))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WriteTimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).as("not before its timeout").isGreaterThanOrEqualTo(300);
            assertThat(get(r.failed)).isInstanceOf(WriteTimeoutException.class);
            get(r.closed);
            assertThat(s.isClosed()).isTrue();

            Thread.sleep(300); // the quick write's deadline has passed too
            assertThat(healthy.isClosed()).isFalse();
            assertThat(survivorSide.errors).isEmpty();
            othersStillWork(server, survivor);
        });
    }

    @Test
    void aWriteDeadlineSetInOnMessageCountsFromTheMessageNotFromBeforeTheLoopSlept() throws Exception {
        // Regression: I/O was handled with the loop's clock from before its select blocked, so a deadline set in
        // onMessage after the loop had slept for a second was already a second old, and fired at once.
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * KIB))
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> s.writePkg(ByteBuffer.allocate(1000),
                        Duration.ofMillis(300)))))
                .start();
        try (FrameClient lazy = FrameClient.connect(server.port(), 64 * KIB)) {
            Recorder r = accepted.next();
            Session s = get(r.opened);
            fillUntilPending(s); // the timed write below cannot be sent: the peer does not read
            Thread.sleep(1000); // the loop has nothing to do: it sleeps in select
            long sent = System.nanoTime();
            lazy.send("write with a deadline");
            assertThat(get(r.failed)).isInstanceOf(WriteTimeoutException.class);
            assertThat((System.nanoTime() - sent) / 1_000_000).as("ms from the message to the timeout")
                    .isGreaterThanOrEqualTo(300);
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aSilentPeerGetsAReadTimeoutWhileAChattyOneStays() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().readTimeout(Duration.ofMillis(500)).onNewSession(accepted.initializer(Recorder::new)).start();
        withTwo(server, accepted, 0, (chatty, chattySide, silent, silentSide) -> {
            get(chattySide.opened);
            get(silentSide.opened);
            long start = System.nanoTime();
            // A packet every 300 ms: more often than the read timeout, so the session must stay open
            // throughout. (Regression: reads were stamped with the loop's clock from before its select
            // blocked, so a read 300 ms after the previous one counted as one at 0 ms, and the timeout
            // fired at 500 ms.)
            for (int i = 0; i < 6; i++) {
                assertThat(chatty.echo("tick " + i)).isEqualTo("tick " + i);
                Thread.sleep(300);
            }
            assertThat(get(silentSide.failed)).isInstanceOf(ReadTimeoutException.class);
            get(silentSide.closed);
            assertThat(silentSide.eventList()).containsExactly("open", "error:ReadTimeoutException", "close");
            assertThat(silent.closedByPeer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
            assertThat(chattySide.errors).as("the chatty session got no read timeout").isEmpty();
            assertThat(chatty.echo("still open")).isEqualTo("still open");
        });
    }

    @Test
    void pastTheSessionLimitAConnectionIsClosedAtOnce() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().sessionLimit(2).onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient first = FrameClient.connect(server.port());
             FrameClient second = FrameClient.connect(server.port())) {
            assertThat(first.echo("1")).isEqualTo("1");
            assertThat(second.echo("2")).isEqualTo("2");
            try (FrameClient third = FrameClient.connect(server.port())) {
                assertThat(third.closedByPeer()).isTrue();
            }
            assertThat(server.refusedOverLimit()).isEqualTo(1);
            assertThat(accepted.all).hasSize(2);
            assertThat(first.echo("1 again")).isEqualTo("1 again");
            assertThat(second.echo("2 again")).isEqualTo("2 again");
            assertThat(server.sessionCount()).isEqualTo(2);
            first.socket.close(); // the peer goes; try-with-resources closes it again, harmlessly
            await("a place freed", () -> server.sessionCount() == 1);
            try (FrameClient fourth = FrameClient.connect(server.port())) {
                assertThat(fourth.echo("4")).isEqualTo("4");
            }
        } finally {
            closeAll(server);
        }
    }
}
