package io.getty.benchmarks.bare;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One selector thread of the bare echo server. Bytes are echoed as they arrive, with no framing:
 * read into one direct buffer shared by all of this loop's connections, write straight back.
 *
 * <p>A connection costs only its channel and selection key. Only when the socket does not take a
 * whole read does the connection get a backlog buffer (kept as the key's attachment for reuse);
 * while bytes wait there the key asks for OP_WRITE instead of OP_READ, so a client that does not
 * read its echoes is pushed back by TCP instead of growing the server's memory.
 */
final class BareIoLoop implements Runnable {

    static final int BUFFER_BYTES = 64 * 1024;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private volatile boolean running = true;

    /** Set on the loop that owns the listening socket: where accepted connections go. */
    private BareIoLoop[] acceptInto;
    private int nextLoop;

    BareIoLoop(AtomicInteger connections) throws IOException {
        this.selector = Selector.open();
        this.connections = connections;
    }

    /** Makes this loop accept for all {@code loops} (round robin, itself included). Call before start. */
    void listen(ServerSocketChannel server, BareIoLoop[] loops) throws IOException {
        this.acceptInto = loops;
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Hands an accepted channel to this loop; safe from any thread. */
    void adopt(SocketChannel channel) {
        adopted.add(channel);
        selector.wakeup();
    }

    /** Releases a loop that was never started. */
    void discard() {
        closeAll();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(onReady);
                registerAdopted();
            }
        } catch (IOException e) {
            System.err.println("bare echo loop failed: " + e);
        } finally {
            closeAll();
        }
    }

    private void onReady(SelectionKey key) {
        if (key.isAcceptable()) {
            acceptAll((ServerSocketChannel) key.channel());
            return;
        }
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isWritable()) {
                drainBacklog(key, channel);
            } else if (key.isReadable()) {
                echo(key, channel);
            }
        } catch (IOException e) {
            // Reset by the peer: nothing to report, the connection is just gone.
            close(key);
        }
    }

    private void echo(SelectionKey key, SocketChannel channel) throws IOException {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            close(key);
            return;
        }
        readBuffer.flip();
        channel.write(readBuffer);
        if (readBuffer.hasRemaining()) {
            ByteBuffer backlog = (ByteBuffer) key.attachment();
            if (backlog == null) {
                backlog = ByteBuffer.allocateDirect(BUFFER_BYTES);
                key.attach(backlog);
            }
            backlog.clear();
            backlog.put(readBuffer).flip();
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void drainBacklog(SelectionKey key, SocketChannel channel) throws IOException {
        ByteBuffer backlog = (ByteBuffer) key.attachment();
        channel.write(backlog);
        if (!backlog.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void acceptAll(ServerSocketChannel server) {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // E.g. EMFILE: leave the rest in the queue, the selector reports it again.
                System.err.println("bare echo accept failed: " + e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            BareIoLoop target = acceptInto[nextLoop];
            nextLoop = (nextLoop + 1) % acceptInto.length;
            if (target == this) {
                register(channel);
            } else {
                target.adopt(channel);
            }
        }
    }

    private void registerAdopted() {
        SocketChannel channel;
        while ((channel = adopted.poll()) != null) {
            register(channel);
        }
    }

    private void register(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ);
            connections.incrementAndGet();
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    private void close(SelectionKey key) {
        key.cancel();
        closeQuietly(key.channel());
        connections.decrementAndGet();
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.channel() instanceof SocketChannel && key.isValid()) {
                close(key);
            }
        }
        SocketChannel channel;
        while ((channel = adopted.poll()) != null) {
            closeQuietly(channel);
        }
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Shutting down; nothing useful to do with it.
        }
    }
}
