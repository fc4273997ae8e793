package io.getty.benchmarks.idle;

import io.getty.benchmarks.load.Payload;
import io.getty.benchmarks.net.Connector;
import io.getty.benchmarks.net.Connector.ConnectFailure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Opens many connections and holds them open, for measuring a server's memory per idle session.
 *
 * <p>A TCP handshake completes in the kernel before the server calls accept, so "connected" alone
 * does not mean the server has a session yet. Each connection therefore sends one 16-byte frame and
 * waits for its echo: after that the server has accepted, registered and served it, and the memory
 * it keeps from then on is what an idle session costs. The next batch starts only then, which also
 * keeps the server's accept queue from overflowing.
 */
public final class IdleClient {

    private static final int PING_SIZE = Payload.MIN_SIZE;
    private static final int PING_FRAME = 4 + PING_SIZE;

    private final IdleOptions options;
    private volatile boolean stopRequested;
    private volatile Selector selector;
    /** Set by the selector callbacks; ends the run. */
    private String failure;
    private int pendingPings;

    public IdleClient(IdleOptions options) {
        options.validate();
        this.options = options;
    }

    /** Ends {@link #run} (once all connections are up); safe from any thread, e.g. a stdin watcher. */
    public void stop() {
        stopRequested = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /**
     * Connects everything, calls {@code onConnected} with the count, then holds until {@link #stop()}.
     * Closes all connections before returning.
     */
    public IdleResult run(IntConsumer onConnected) {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            return IdleResult.failed("cannot resolve host " + options.host(), 0);
        }
        SocketChannel[] channels = new SocketChannel[options.connections()];
        int connected = 0;
        try (Selector sel = Selector.open()) {
            selector = sel;
            for (int from = 0; from < channels.length; from += options.connectBatch()) {
                int count = Math.min(options.connectBatch(), channels.length - from);
                Connector.connectRange(address, channels, from, count, options.timeoutMillis());
                ping(sel, channels, from, count);
                if (failure != null) {
                    return IdleResult.failed(failure, connected);
                }
                connected = from + count;
            }
            onConnected.accept(connected);
            while (!stopRequested && failure == null) {
                sel.select(this::onReady, 500);
            }
            return failure == null ? IdleResult.ok(connected) : IdleResult.failed(failure, connected);
        } catch (ConnectFailure e) {
            return IdleResult.failed("connection " + e.index() + ": " + e.getMessage(), connected);
        } catch (IOException e) {
            return IdleResult.failed("selector failed: " + e, connected);
        } finally {
            selector = null;
            Connector.closeRange(channels, 0, channels.length);
        }
    }

    /** Sends one frame on each new connection and waits until every echo is back and correct. */
    private void ping(Selector sel, SocketChannel[] channels, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            IdleConnection c = new IdleConnection(i);
            ByteBuffer frame = c.expectedEcho.duplicate();
            // 20 bytes always fit an empty socket send buffer, so one write does it.
            if (channels[i].write(frame) != PING_FRAME) {
                failure = "connection " + i + ": the socket did not take the 20-byte connect check";
                return;
            }
            channels[i].register(sel, SelectionKey.OP_READ, c);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis());
        pendingPings = count;
        while (pendingPings > 0 && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failure = pendingPings + " of connections " + from + ".." + (from + count - 1)
                        + " got no echo within " + options.timeoutMillis() + " ms";
                return;
            }
            sel.select(this::onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private void onReady(SelectionKey key) {
        if (failure != null || !key.isValid() || !key.isReadable()) {
            return;
        }
        IdleConnection c = (IdleConnection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer into = c.echo != null ? c.echo : ByteBuffer.allocate(64);
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            failure = "connection " + c.index + ": reset (" + e.getMessage() + ")";
            return;
        }
        if (n < 0) {
            failure = "connection " + c.index + ": closed by the server";
        } else if (c.echo == null) {
            failure = "connection " + c.index + ": " + n + " unexpected bytes from the server while idle";
        } else if (!c.echo.hasRemaining()) {
            if (!c.echo.flip().equals(c.expectedEcho)) {
                failure = "connection " + c.index + ": the echo of the connect check differs from what was sent";
            }
            c.echo = null;
            pendingPings--;
        }
    }

    /** Client-side state of one connection (only the client's memory, not the server's). */
    private static final class IdleConnection {
        final int index;
        final ByteBuffer expectedEcho = ByteBuffer.allocate(PING_FRAME);
        ByteBuffer echo = ByteBuffer.allocate(PING_FRAME);

        IdleConnection(int index) {
            this.index = index;
            expectedEcho.putInt(0, PING_SIZE);
            Payload.write(expectedEcho, 4, PING_SIZE, index, 0);
        }
    }
}
