package io.getty.benchmarks.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Opens non-blocking client connections in batches. A batch is connected completely before the next
 * one starts, so at most {@code batch} handshakes wait in the server's accept queue at once; a full
 * queue makes Linux drop SYNs, and the 1 s SYN retransmit would distort start-up or time out.
 */
public final class Connector {

    private Connector() {
    }

    /** A connection that could not be established; {@link #index()} says which one. */
    public static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int index;

        ConnectFailure(int index, String message) {
            super(message);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /**
     * Connects one batch: opens channels {@code [from, from + count)} of {@code into} (non-blocking,
     * TCP_NODELAY) and waits until all are established. On failure closes only those channels.
     */
    public static void connectRange(InetSocketAddress address, SocketChannel[] into, int from, int count,
                                    int timeoutMillis) throws ConnectFailure {
        try (Selector selector = Selector.open()) {
            int pending = 0;
            for (int i = from; i < from + count; i++) {
                SocketChannel ch = SocketChannel.open();
                into[i] = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (!ch.connect(address)) {
                    ch.register(selector, SelectionKey.OP_CONNECT, i);
                    pending++;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConnectFailure(firstPending(selector), "connect to " + address + " timed out after "
                            + timeoutMillis + " ms (" + pending + " of " + count + " still pending)");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                for (SelectionKey key : selector.selectedKeys()) {
                    int index = (Integer) key.attachment();
                    try {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            key.cancel();
                            pending--;
                        }
                    } catch (IOException e) {
                        throw new ConnectFailure(index, "connect to " + address + " failed: " + e.getMessage());
                    }
                }
                selector.selectedKeys().clear();
            }
            // Flush the cancelled keys so each channel can be registered elsewhere right away.
            selector.selectNow();
        } catch (ConnectFailure e) {
            closeRange(into, from, count);
            throw e;
        } catch (IOException e) {
            closeRange(into, from, count);
            throw new ConnectFailure(from, "connect to " + address + " failed: " + e);
        }
    }

    /** Connects {@code count} channels, {@code batch} at a time. */
    public static SocketChannel[] connect(InetSocketAddress address, int count, int batch, int timeoutMillis)
            throws ConnectFailure {
        SocketChannel[] channels = new SocketChannel[count];
        for (int from = 0; from < count; from += batch) {
            try {
                connectRange(address, channels, from, Math.min(batch, count - from), timeoutMillis);
            } catch (ConnectFailure e) {
                closeRange(channels, 0, from);
                throw e;
            }
        }
        return channels;
    }

    public static void closeRange(SocketChannel[] channels, int from, int count) {
        for (int i = from; i < from + count && i < channels.length; i++) {
            closeQuietly(channels[i]);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Best effort while tearing down; the original failure is what matters.
        }
    }

    private static int firstPending(Selector selector) {
        int first = Integer.MAX_VALUE;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                first = Math.min(first, (Integer) key.attachment());
            }
        }
        return first;
    }
}
