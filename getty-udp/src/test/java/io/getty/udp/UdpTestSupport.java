package io.getty.udp;

import io.getty.core.EndPoint;
import io.getty.core.EventListener;
import io.getty.core.Session;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/** What the UDP tests share: loopback end points, a blocking peer, a recording listener, waits. */
final class UdpTestSupport {
    static final String HOST = "127.0.0.1";
    static final DatagramCodec CODEC = new DatagramCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    private UdpTestSupport() {
    }

    /** An endpoint builder on 127.0.0.1 and a free port; the caller sets the initializer. */
    static UdpEndpoint.Builder endpoint() {
        return UdpEndpoint.builder().bind(HOST, 0);
    }

    /** An echo endpoint whose listener is {@code recorder}, which echoes by default. */
    static UdpEndpoint echoEndpoint(DatagramRecorder recorder) {
        return endpoint().onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
    }

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

    /** A port that nothing listens on now: bound for a moment, then closed. */
    static int deadPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
            }
            Thread.sleep(5);
        }
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

    // ------------------------------------------------------------------ a blocking peer

    /** A plain {@link DatagramSocket} on 127.0.0.1: a peer that getty did not write. */
    static final class Peer implements AutoCloseable {
        final DatagramSocket socket;

        Peer() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(HOST, 0));
            socket.setSoTimeout((int) WAIT.toMillis());
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        void send(byte[] payload, int port) throws IOException {
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getByName(HOST), port));
        }

        void send(String payload, int port) throws IOException {
            send(utf8(payload), port);
        }

        /** The next datagram's bytes; fails after {@link #WAIT}. */
        byte[] receive() throws IOException {
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        }

        String receiveString() throws IOException {
            return new String(receive(), StandardCharsets.UTF_8);
        }

        /** The next datagram within {@code timeout}, or null. */
        byte[] receive(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                return receive();
            } catch (SocketTimeoutException e) {
                return null;
            } finally {
                socket.setSoTimeout((int) WAIT.toMillis());
            }
        }

        /** Sends {@code text} to {@code port} and returns the reply. */
        String echo(String text, int port) throws IOException {
            send(text, port);
            return receiveString();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ a recording listener

    /** Records what happens to an endpoint's session; echoes each datagram to its sender by default. */
    static class DatagramRecorder implements EventListener<Datagram<ByteBuffer>> {
        final CompletableFuture<Session> opened = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final BlockingQueue<Throwable> errorQueue = new LinkedBlockingQueue<>();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger crons = new AtomicInteger();
        private final BiConsumer<Session, Datagram<ByteBuffer>> onMessage;

        DatagramRecorder() {
            this((s, d) -> s.sendPkg(d));
        }

        DatagramRecorder(BiConsumer<Session, Datagram<ByteBuffer>> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onOpen(Session s) {
            events.add("open");
            opened.complete(s);
        }

        @Override
        public void onMessage(Session s, Datagram<ByteBuffer> d) {
            messages.incrementAndGet();
            received.add(string(d.content()));
            onMessage.accept(s, d);
        }

        @Override
        public void onCron(Session s) {
            crons.incrementAndGet();
        }

        @Override
        public void onError(Session s, Throwable cause) {
            events.add("error:" + cause.getClass().getSimpleName());
            errors.add(cause);
            errorQueue.add(cause);
        }

        @Override
        public void onClose(Session s) {
            events.add("close");
            closed.complete(null);
        }

        Throwable nextError() throws InterruptedException {
            Throwable t = errorQueue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null) {
                throw new AssertionError("no onError within " + WAIT);
            }
            return t;
        }
    }
}
