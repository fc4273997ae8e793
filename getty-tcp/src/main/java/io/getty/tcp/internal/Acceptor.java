package io.getty.tcp.internal;

import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.IoHandler;
import io.getty.core.internal.loop.TimerNode;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on a listening socket and hands each to {@code onAccepted}. When {@code accept}
 * fails (typically "too many open files"), accepting pauses for a moment instead of spinning on a socket
 * that stays ready.
 */
public final class Acceptor extends TimerNode implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    private static final int ACCEPTS_PER_EVENT = 64;
    private static final long PAUSE_AFTER_FAILURE_NANOS = 100_000_000L;

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final Consumer<SocketChannel> onAccepted;
    private final Runnable onClosed;
    private SelectionKey key;
    private boolean closed;

    public Acceptor(EventLoop loop, ServerSocketChannel channel, Consumer<SocketChannel> onAccepted,
                    Runnable onClosed) {
        this.loop = loop;
        this.channel = channel;
        this.onAccepted = onAccepted;
        this.onClosed = onClosed;
    }

    /** Starts accepting. Loop thread. */
    public void start() throws IOException {
        channel.configureBlocking(false);
        key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void handleIo(int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                log.warn("accept on {} failed; pausing accepts for {} ms", channel, PAUSE_AFTER_FAILURE_NANOS / 1_000_000, e);
                key.interestOps(0);
                loop.schedule(this, loop.nanoTime() + PAUSE_AFTER_FAILURE_NANOS);
                return;
            }
            if (accepted == null) {
                return;
            }
            try {
                onAccepted.accept(accepted);
            } catch (Throwable t) {
                // One connection that cannot be set up must not stop the server accepting the next.
                log.warn("setting up a connection accepted on {} failed; closing it", channel, t);
                try {
                    accepted.close();
                } catch (IOException e) {
                    log.debug("closing {} failed", accepted, e);
                }
            }
        }
    }

    @Override
    protected void onTimer(long nowNanos) {
        if (!closed && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    @Override
    public void rebind(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void abort(Throwable cause) {
        if (cause != null) {
            log.error("the acceptor of {} failed; it stops accepting", channel, cause);
        }
        close();
    }

    /** Stops accepting and closes the listening socket. Loop thread; idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.cancel(this);
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
        onClosed.run();
    }

    @Override
    public String toString() {
        return "acceptor of " + channel;
    }
}
