package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.HOST;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.frame;
import static io.getty.tcp.TcpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.DecodeException;
import io.getty.core.EventListener;
import io.getty.core.FrameTooLongException;
import io.getty.core.Session;
import io.getty.tcp.Compression.Level;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * Compressed getty servers and peers that getty did not write: the JDK's own deflate streams and
 * snappy-java's framed streams over plain sockets; corrupt and mismatched streams, and zip bombs, each
 * closing its own session only.
 */
@Timeout(60)
class CompressionPeerTest {

    @org.junit.jupiter.api.BeforeAll
    static void peersSpeakWhatTheseTestsChoose() {
        org.junit.jupiter.api.Assumptions.assumeFalse(RecordStreams.DEFLATE,
                "the suite's deflate run wraps every peer in deflate; these tests choose the peers' compression");
    }

    /** A plain socket whose frames go through the JDK's raw deflate streams, flushed after each frame. */
    static final class DeflatePeer implements AutoCloseable {
        final Socket socket;
        final OutputStream raw;
        final DeflaterOutputStream out;
        final DataInputStream in;

        DeflatePeer(int port, int level) throws IOException {
            socket = connect(port);
            raw = RecordStreams.output(socket);
            out = new DeflaterOutputStream(raw, new Deflater(level, true), 8192, true);
            in = new DataInputStream(new InflaterInputStream(RecordStreams.input(socket), new Inflater(true)));
        }

        void send(byte[] payload) throws IOException {
            out.write(frame(payload));
            out.flush();
        }

        byte[] receive() throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return b;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(HOST, port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.setTcpNoDelay(true); // the library's framed writer sends a chunk's header and data apart
        return socket;
    }

    private static TcpServer server(Compression compression, Accepted accepted) {
        return TcpTestSupport.server().compression(compression).maxMessageLength(1024 * 1024)
                .onNewSession(accepted.initializer(Recorder::new)).start();
    }

    interface Writes {
        void run() throws IOException;
    }

    /** Writes what a bad peer sends until the server, having seen enough, closes the connection. */
    private static void whileOpen(Writes writes) {
        try {
            writes.run();
        } catch (IOException e) {
            // Broken pipe or reset: the server closed first.
        }
    }

    /** The server's recorder of the session of {@code socket}. */
    private static Recorder sessionOf(Accepted accepted, Socket socket) throws InterruptedException {
        int port = socket.getLocalPort();
        await("the session of the peer on port " + port, () -> accepted.byClientPort.containsKey(port));
        return accepted.byClientPort.get(port);
    }

    /** True when the peer closed the socket (EOF or reset) within the wait. */
    private static boolean closedByPeer(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // what was sent before the close
            }
            return true;
        } catch (SocketException | EOFException e) {
            return true;
        }
    }

    // ---------------------------------------------------------------- compatible peers

    @ParameterizedTest
    @EnumSource(Level.class)
    void echoesToTheJdksDeflateStreamsAndEndsTheStreamOnClose(Level level) throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server(Compression.deflate(level), accepted);
        try (DeflatePeer peer = new DeflatePeer(server.port(), Deflater.BEST_SPEED)) {
            SplittableRandom random = new SplittableRandom(level.ordinal());
            for (int i = 0; i < 100; i++) {
                byte[] m = i == 50 ? CompressionEchoTest.text(500_000, random)
                        : CompressionEchoTest.text(1 + random.nextInt(500), random);
                peer.send(m);
                assertThat(peer.receive()).isEqualTo(m);
            }
            Recorder session = accepted.next();
            session.session.close();
            // The stream ended with its final block: the JDK's inflater sees a clean end, not a truncation.
            assertThat(peer.in.read()).isEqualTo(-1);
            peer.socket.shutdownOutput(); // the end the server's graceful close waits for
            get(session.closed);
            assertThat(session.errors).isEmpty();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void echoesToSnappyJavasFramedStreams() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server(Compression.snappy(), accepted);
        try (Socket socket = connect(server.port())) {
            SnappyFramedOutputStream out = new SnappyFramedOutputStream(RecordStreams.output(socket));
            DataInputStream in = null;
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < 100; i++) {
                byte[] m = i % 10 == 0 ? CompressionEchoTest.noise(1 + random.nextInt(200_000), random)
                        : CompressionEchoTest.text(1 + random.nextInt(500), random);
                out.write(frame(m));
                out.flush();
                if (in == null) { // its constructor reads the stream identifier, which comes with the first echo
                    in = new DataInputStream(new SnappyFramedInputStream(RecordStreams.input(socket)));
                }
                byte[] echo = new byte[in.readInt()];
                in.readFully(echo);
                assertThat(echo).isEqualTo(m);
            }
            assertThat(accepted.next().errors).isEmpty();
        } finally {
            closeAll(server);
        }
    }

    // ---------------------------------------------------------------- bad peers

    @Test
    void corruptDeflateFailsThatSessionAloneWithADecodeException() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server(Compression.deflate(), accepted);
        try (DeflatePeer good = new DeflatePeer(server.port(), Deflater.DEFAULT_COMPRESSION);
             DeflatePeer bad = new DeflatePeer(server.port(), Deflater.DEFAULT_COMPRESSION)) {
            good.send(TcpTestSupport.utf8("before"));
            assertThat(good.receive()).isEqualTo(TcpTestSupport.utf8("before"));
            bad.send(TcpTestSupport.utf8("fine so far"));
            assertThat(bad.receive()).isEqualTo(TcpTestSupport.utf8("fine so far"));
            bad.raw.write(new byte[] {0x06, 0x00, 0x00, 0x00}); // a block of the reserved type 3
            bad.raw.flush();
            Recorder victim = sessionOf(accepted, bad.socket);
            Throwable cause = get(victim.failed);
            assertThat(cause).isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("the peer's deflate stream is corrupt");
            get(victim.closed);
            assertThat(closedByPeer(bad.socket.getInputStream())).isTrue();
            good.send(TcpTestSupport.utf8("after"));
            assertThat(good.receive()).isEqualTo(TcpTestSupport.utf8("after"));
        } finally {
            closeAll(server);
        }
    }

    @Test
    void corruptSnappyFailsThatSessionAloneWithADecodeException() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server(Compression.snappy(), accepted);
        try (Socket good = connect(server.port()); Socket bad = connect(server.port())) {
            SnappyFramedOutputStream goodOut = new SnappyFramedOutputStream(RecordStreams.output(good));
            goodOut.write(frame(TcpTestSupport.utf8("before")));
            goodOut.flush();
            DataInputStream goodIn = new DataInputStream(new SnappyFramedInputStream(RecordStreams.input(good)));
            assertThat(goodIn.readInt()).isEqualTo(6);
            goodIn.readFully(new byte[6]);
            // A chunk of "hello" stored as it is, whose checksum is wrong.
            OutputStream out = RecordStreams.output(bad);
            out.write(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y', 0x01, 9, 0, 0, 1, 2, 3, 4,
                'h', 'e', 'l', 'l', 'o'});
            out.flush();
            Recorder victim = sessionOf(accepted, bad);
            assertThat(get(victim.failed)).isInstanceOf(DecodeException.class)
                    .hasMessageContaining("fails its CRC-32C check");
            assertThat(closedByPeer(bad.getInputStream())).isTrue();
            goodOut.write(frame(TcpTestSupport.utf8("after")));
            goodOut.flush();
            assertThat(goodIn.readInt()).isEqualTo(5);
        } finally {
            closeAll(server);
        }
    }

    @Test
    void endsThatDoNotAgreeFailWithADecodeException() throws Exception {
        Accepted deflated = new Accepted();
        Accepted snapped = new Accepted();
        TcpServer deflateServer = server(Compression.deflate(), deflated);
        TcpServer snappyServer = server(Compression.snappy(), snapped);
        try (Socket toDeflate = connect(deflateServer.port()); Socket toSnappy = connect(snappyServer.port())) {
            whileOpen(() -> { // the server may close before the second write
                SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(RecordStreams.output(toDeflate));
                snappy.write(frame(TcpTestSupport.utf8("hello")));
                snappy.flush();
            });
            whileOpen(() -> {
                DeflaterOutputStream deflate = new DeflaterOutputStream(RecordStreams.output(toSnappy),
                        new Deflater(Deflater.DEFAULT_COMPRESSION, true), 512, true);
                deflate.write(frame(TcpTestSupport.utf8("hello")));
                deflate.flush();
            });
            assertThat(get(sessionOf(deflated, toDeflate).failed)).isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("the peer's deflate stream is corrupt");
            assertThat(get(sessionOf(snapped, toSnappy).failed)).isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("the peer's Snappy stream does not start with the stream identifier");
        } finally {
            closeAll(deflateServer, snappyServer);
        }
    }

    @Test
    void aBombInOneHugeFrameIsRefusedByTheMaxMessageLength() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server(Compression.deflate(), accepted);
        try (DeflatePeer good = new DeflatePeer(server.port(), Deflater.DEFAULT_COMPRESSION);
             DeflatePeer bomb = new DeflatePeer(server.port(), Deflater.BEST_COMPRESSION)) {
            whileOpen(() -> { // the server closes once it has read the header
                bomb.out.write(ByteBuffer.allocate(4).putInt(1 << 30).array()); // a gibibyte, says the header
                byte[] zeros = new byte[1024 * 1024];
                for (int i = 0; i < 64; i++) {
                    bomb.out.write(zeros); // 64 MiB, which deflate makes about 64 KiB
                }
                bomb.out.flush();
            });
            Recorder victim = sessionOf(accepted, bomb.socket);
            assertThat(get(victim.failed)).isInstanceOf(FrameTooLongException.class);
            assertThat(victim.session.stats().packetsRead()).isZero();
            good.send(TcpTestSupport.utf8("still here"));
            assertThat(good.receive()).isEqualTo(TcpTestSupport.utf8("still here"));
        } finally {
            closeAll(server);
        }
    }

    /**
     * 64 MiB of frames in about 64 KiB of deflate, to a server whose worker is stuck: the session inflates a
     * quarter mebibyte per loop pass and stops once the worker is behind, so the packets waiting for it stay
     * few (without the bound, one read would queue all 1,024); when the worker goes on, so does the session.
     */
    @Test
    void aBombOfSmallFramesIsInflatedOnlyAsFastAsTheWorkerTakesIt() throws Exception {
        int frames = 1024;
        int maxQueued = 4;
        byte[] zeros = new byte[64 * 1024 - 4];
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        AtomicReference<Session> serverSession = new AtomicReference<>();
        java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        TcpServer server = TcpTestSupport.server().compression(Compression.deflate())
                .executor(worker).maxQueuedMessages(maxQueued)
                .onNewSession(s -> s.codec(CODEC).listener(new EventListener<ByteBuffer>() {
                    @Override
                    public void onOpen(Session session) {
                        serverSession.set(session);
                    }

                    @Override
                    public void onMessage(Session session, ByteBuffer pkg) {
                        if (handled.getAndIncrement() == 0) {
                            try {
                                stuck.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void onError(Session session, Throwable cause) {
                        errors.add(cause);
                    }
                })).start();
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, deflater, 8192, true)) {
            for (int i = 0; i < frames; i++) {
                out.write(frame(zeros));
            }
            out.flush();
            assertThat(deflated.size()).isLessThan(128 * 1024);
        } finally {
            deflater.end();
        }
        try (DeflatePeer bomb = new DeflatePeer(server.port(), Deflater.BEST_COMPRESSION)) {
            Thread sender = new Thread(() -> {
                try {
                    bomb.raw.write(deflated.toByteArray()); // at once, so that one read can take much of it
                    bomb.raw.flush();
                } catch (IOException e) {
                    // the test failed elsewhere and closed the socket
                }
            }, "bomb-sender");
            sender.start();
            await("the server's session", () -> serverSession.get() != null);
            Session session = serverSession.get();
            // The worker is stuck in the first message, and the session has decoded what the worker may fall
            // behind by (its onOpen counts too while it waits in the queue: hence >=, not >).
            await("the worker falling behind",
                    () -> handled.get() == 1 && session.stats().packetsRead() >= maxQueued);
            int framesPerPass = (io.getty.tcp.internal.compress.DeflateLayer.READ_BUDGET + 64 * 1024) / zeros.length + 1;
            long most = 0;
            for (long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300); System.nanoTime() < end; ) {
                most = Math.max(most, session.stats().packetsRead());
                Thread.sleep(5);
            }
            assertThat(most).as("packets decoded while the worker is stuck").isLessThanOrEqualTo(maxQueued + 2L * framesPerPass);
            stuck.countDown();
            await("every frame handled", () -> handled.get() == frames);
            assertThat(session.isClosed()).isFalse();
            assertThat(errors).isEmpty();
            sender.join(WAIT.toMillis());
        } finally {
            stuck.countDown();
            closeAll(server);
            worker.shutdownNow();
        }
    }
}
