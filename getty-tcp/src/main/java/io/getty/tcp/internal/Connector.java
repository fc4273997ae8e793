package io.getty.tcp.internal;

import io.getty.core.ConnectTimeoutException;
import io.getty.core.SessionClosedException;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.IoHandler;
import io.getty.core.internal.loop.TimerNode;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-blocking connection attempt, with a timeout: it registers for OP_CONNECT, finishes the connect
 * when the socket is ready, and hands the connected channel and its key over (OP_CONNECT is cleared first:
 * left set, it would spin the selector).
 */
public final class Connector extends TimerNode implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /** What the connector reports to. */
    public interface Outcome {
        /** Connected; {@code key} is the channel's registration, to be taken over. Loop thread. */
        void connected(SocketChannel channel, SelectionKey key);

        /** The attempt failed; the channel is closed. Loop thread. */
        void failed(Throwable cause);
    }

    private final EventLoop loop;
    private final SocketAddress remote;
    private final Duration timeout;
    private final Outcome outcome;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean done;

    public Connector(EventLoop loop, SocketAddress remote, Duration timeout, Outcome outcome) {
        this.loop = loop;
        this.remote = remote;
        this.timeout = timeout;
        this.outcome = outcome;
    }

    /** Starts the attempt. Loop thread. */
    public void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            key = loop.register(channel, 0, this);
            if (channel.connect(remote)) {
                finished();
                return;
            }
            key.interestOps(SelectionKey.OP_CONNECT);
            loop.schedule(this, loop.nanoTime() + timeout.toNanos());
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void handleIo(int readyOps) {
        if (done) {
            return;
        }
        try {
            if (channel.finishConnect()) {
                finished();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void finished() {
        done = true;
        loop.cancel(this);
        key.interestOps(0);
        outcome.connected(channel, key);
    }

    @Override
    protected void onTimer(long nowNanos) {
        fail(new ConnectTimeoutException("connect to " + remote + " timed out after " + timeout));
    }

    /** Gives up the attempt if it is still under way. Loop thread. */
    public void cancel() {
        fail(new SessionClosedException("the client was closed while connecting to " + remote));
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        loop.cancel(this);
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {} failed", channel, e);
            }
        }
        outcome.failed(cause);
    }

    @Override
    public void rebind(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void abort(Throwable cause) {
        fail(cause != null ? cause : new SessionClosedException("the event loop stopped while connecting to " + remote));
    }

    @Override
    public String toString() {
        return "connector to " + remote;
    }
}
