package io.getty.tcp;

import io.getty.core.EndPoint;
import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the TCP tests share: loopback end points, a blocking frame client, a recording listener, waits. */
final class TcpTestSupport {
    static final String HOST = "127.0.0.1";
    static final LengthFieldCodec CODEC = new LengthFieldCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    private TcpTestSupport() {
    }

    static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(HOST, 0);
    }

    /** A server builder on 127.0.0.1, a free port and two loops; the caller sets the initializer. */
    static TcpServer.Builder server() {
        return newServer().bind(anyLoopbackPort()).threads(2);
    }

    /**
     * {@link TcpServer#builder()}, with the test-only {@link RecordLayer} under every session when the suite
     * runs layered ({@link RecordStreams#ENABLED}).
     */
    static TcpServer.Builder newServer() {
        TcpServer.Builder b = TcpServer.builder();
        if (RecordStreams.ENABLED) {
            b.layer(client -> new RecordLayer(SEEDS.incrementAndGet()));
        }
        if (RecordStreams.DEFLATE) {
            b.compression(Compression.deflate(Compression.Level.BEST_SPEED));
        }
        return b;
    }

    /** {@link TcpClient#builder()}, layered as {@link #newServer()} is. */
    static TcpClient.Builder newClient() {
        TcpClient.Builder b = TcpClient.builder();
        if (RecordStreams.ENABLED) {
            b.layer(client -> new RecordLayer(SEEDS.incrementAndGet()));
        }
        if (RecordStreams.DEFLATE) {
            b.compression(Compression.deflate(Compression.Level.BEST_SPEED));
        }
        return b;
    }

    private static final AtomicInteger SEEDS = new AtomicInteger();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(utf8(s));
    }

    /** The bytes between {@code b}'s position and limit, leaving {@code b} alone. */
    static byte[] bytes(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return copy;
    }

    static String string(ByteBuffer b) {
        return new String(bytes(b), StandardCharsets.UTF_8);
    }

    static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, WAIT, condition);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every end point (twice: close is idempotent) and waits until each is closed. */
    static void closeAll(EndPoint... endPoints) throws Exception {
        for (EndPoint e : endPoints) {
            if (e != null) {
                e.close();
                e.close();
            }
        }
        for (EndPoint e : endPoints) {
            if (e != null) {
                e.closeFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    static void closeGroup(EventLoopGroup group) throws InterruptedException {
        group.close();
        group.close();
        if (!group.awaitTermination(WAIT)) {
            throw new AssertionError(group + " did not terminate");
        }
    }

    /** The open file descriptors of this process (Linux), or -1 where /proc is not there. */
    static int openFileDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return (int) list.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The soft limit on open files (Linux), or -1 if unknown. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The live threads whose name starts with {@code prefix}. */
    static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** Busy-waits for {@code nanos}: for delays too short and too precise for {@code Thread.sleep}. */
    static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Runs the garbage collector until every one of {@code refs} is cleared; fails, naming {@code what},
     * if one is still set after several full collections. A reference to an object that nothing holds is
     * watched too: the test is skipped if even that one is never cleared (explicit GC disabled), so a
     * failure always means that something still reaches the objects.
     */
    static void awaitCollected(String what, List<? extends java.lang.ref.Reference<?>> refs)
            throws InterruptedException {
        java.lang.ref.WeakReference<Object> control = new java.lang.ref.WeakReference<>(new Object());
        long deadline = System.nanoTime() + WAIT.toNanos();
        int collectionsSinceControl = 0;
        while (refs.stream().anyMatch(r -> r.get() != null)) {
            if (control.get() == null && ++collectionsSinceControl > 10) {
                List<Object> left = refs.stream().map(java.lang.ref.Reference::get)
                        .filter(java.util.Objects::nonNull).collect(Collectors.toList());
                throw new AssertionError(what + ": still reachable after 10 full collections: " + left);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(System.nanoTime() < deadline,
                    "System.gc() collected nothing within " + WAIT + ": explicit collections seem disabled");
            System.gc();
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ a blocking frame client

    /** A plain {@link Socket} speaking 4-byte-length frames: a peer that getty did not write. */
    static final class FrameClient implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        private FrameClient(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.setTcpNoDelay(true);
            this.in = new DataInputStream(RecordStreams.input(socket));
            this.out = new DataOutputStream(RecordStreams.output(socket));
        }

        static FrameClient connect(int port) throws IOException {
            return connect(port, 0);
        }

        /** Connects with a fixed receive buffer ({@code 0}: the system's), set before the connect. */
        static FrameClient connect(int port, int receiveBufferSize) throws IOException {
            Socket socket = new Socket();
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new InetSocketAddress(HOST, port), (int) WAIT.toMillis());
            return new FrameClient(socket);
        }

        /** Sends one frame in one write (DataOutputStream.writeInt alone would send its 4 bytes one by one). */
        void send(byte[] payload) throws IOException {
            out.write(frame(payload));
            out.flush();
        }

        void send(String payload) throws IOException {
            send(utf8(payload));
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        byte[] receive() throws IOException {
            int length = in.readInt();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        }

        String receiveString() throws IOException {
            return new String(receive(), StandardCharsets.UTF_8);
        }

        /**
         * Reads one frame whose length must be at most {@code maxLength}: a corrupted stream fails here with
         * what the header said, instead of allocating whatever it says.
         */
        byte[] receive(int maxLength) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > maxLength) {
                throw new AssertionError("a frame header says " + length + " bytes, but no frame sent here is over "
                        + maxLength + ": the stream is corrupted");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        }

        /** Reads exactly {@code n} bytes, whatever they are. */
        byte[] receiveRaw(int n) throws IOException {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return bytes;
        }

        /** Sends {@code text} and returns the reply. */
        String echo(String text) throws IOException {
            send(text);
            return receiveString();
        }

        /** Reads until the peer closed: true at EOF or reset, false if nothing ended within the wait. */
        boolean closedByPeer() throws IOException {
            InputStream raw = in;
            byte[] sink = new byte[64 * 1024];
            try {
                while (raw.read(sink) >= 0) {
                    // drain what was sent before the close
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException | EOFException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ a recording listener

    /** Records what happens to one session; echoes by default. Thread-safe. */
    static class Recorder implements EventListener<ByteBuffer> {
        final Queue<String> events = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Session> opened = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<Boolean> writability = new CopyOnWriteArrayList<>();
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger crons = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        private final BiConsumer<Session, ByteBuffer> onMessage;
        volatile Session session;

        Recorder() {
            this((s, pkg) -> s.writePkg(pkg));
        }

        Recorder(BiConsumer<Session, ByteBuffer> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onOpen(Session s) {
            session = s;
            opens.incrementAndGet();
            events.add("open");
            opened.complete(s);
        }

        @Override
        public void onMessage(Session s, ByteBuffer pkg) {
            messages.incrementAndGet();
            received.add(bytes(pkg));
            onMessage.accept(s, pkg);
        }

        @Override
        public void onCron(Session s) {
            crons.incrementAndGet();
        }

        @Override
        public void onWritabilityChanged(Session s, boolean writable) {
            writability.add(writable);
            events.add("writable=" + writable);
        }

        @Override
        public void onError(Session s, Throwable cause) {
            errors.add(cause);
            events.add("error:" + cause.getClass().getSimpleName());
            failed.complete(cause);
        }

        @Override
        public void onClose(Session s) {
            closes.incrementAndGet();
            events.add("close");
            closed.complete(null);
        }

        List<String> eventList() {
            return List.copyOf(events);
        }
    }

    /**
     * The server side of each accepted session: in the order their initializers ran (which, for connections
     * made at once, need not be the order of the connects), or by the client's port.
     */
    static final class Accepted {
        final BlockingQueue<Recorder> queue = new LinkedBlockingQueue<>();
        final List<Recorder> all = new CopyOnWriteArrayList<>();
        final java.util.Map<Integer, Recorder> byClientPort = new java.util.concurrent.ConcurrentHashMap<>();

        /** An initializer: length-field codec, a new recorder made by {@code recorders} for each session. */
        io.getty.core.SessionInitializer initializer(java.util.function.Supplier<Recorder> recorders) {
            return initializer(recorders, s -> { });
        }

        io.getty.core.SessionInitializer initializer(java.util.function.Supplier<Recorder> recorders,
                                                     Consumer<io.getty.core.SessionSetup> more) {
            return s -> {
                Recorder r = recorders.get();
                s.codec(CODEC).listener(r);
                more.accept(s);
                all.add(r);
                byClientPort.put(((InetSocketAddress) s.remoteAddress()).getPort(), r);
                queue.add(r);
            };
        }

        /** The recorder of {@code client}'s session. */
        Recorder of(FrameClient client) throws InterruptedException {
            int port = client.socket.getLocalPort();
            await("the session of the client on port " + port, () -> byClientPort.containsKey(port));
            Recorder r = byClientPort.get(port);
            queue.remove(r);
            return r;
        }

        /** The recorder of the next accepted session: use it only when no other connection is being made. */
        Recorder next() throws InterruptedException {
            Recorder r = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no session was accepted within " + WAIT);
            }
            return r;
        }
    }
}
