package io.getty.tcp.internal;

import io.getty.core.ConnectionListener;
import io.getty.core.Reconnect;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.TimerNode;
import io.getty.core.internal.session.GettySession;
import io.getty.core.internal.session.SessionRegistry;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of a client's N connections, on its loop: it connects, and after a failed connect or a lost session it
 * connects again after its {@link Reconnect} wait (it is its own retry timer), until the client closes or the
 * attempts run out. Loop thread, except {@link #lost}.
 */
public final class ConnectionSlot extends TimerNode {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSlot.class);

    /** What a slot reports to its client. */
    public interface Owner {
        /** The first outcome of this slot's first attempt: a session, or why it could not be had. */
        void firstOutcome(GettySession session, Throwable failure);

        /** Whether the client is closed: no more attempts. Any thread. */
        boolean isClosed();
    }

    private final EventLoop loop;
    private final SocketAddress remote;
    private final Duration connectTimeout;
    private final TcpSessionStarter starter;
    private final SessionRegistry registry;
    private final Reconnect reconnect;
    private final ConnectionListener listener;
    private final Owner owner;
    private Connector connector;
    private GettySession session;
    private boolean opened;
    private boolean firstReported;
    private int failures;

    public ConnectionSlot(EventLoop loop, SocketAddress remote, Duration connectTimeout, TcpSessionStarter starter,
                          SessionRegistry registry, Reconnect reconnect, ConnectionListener listener, Owner owner) {
        this.loop = loop;
        this.remote = remote;
        this.connectTimeout = connectTimeout;
        this.starter = starter;
        this.registry = registry;
        this.reconnect = reconnect;
        this.listener = listener;
        this.owner = owner;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Whether {@code s} is this slot's session. */
    public boolean holds(GettySession s) {
        return session == s;
    }

    /** Starts an attempt. Loop thread. */
    public void connect() {
        if (owner.isClosed() || !registry.reserve(Integer.MAX_VALUE)) {
            reportFirst(null, new io.getty.core.SessionClosedException("the client was closed before it connected to " + remote));
            return;
        }
        connector = new Connector(loop, remote, connectTimeout, new Connector.Outcome() {
            @Override
            public void connected(SocketChannel channel, SelectionKey key) {
                connector = null;
                session = starter.create(loop, channel, key, true, ConnectionSlot.this::failed);
                if (session != null) {
                    starter.begin(session); // it may open at once: the slot knows it as its own by then
                }
            }

            @Override
            public void failed(Throwable cause) {
                connector = null;
                registry.release();
                ConnectionSlot.this.failed(cause);
            }
        });
        connector.connect();
    }

    /** The session opened. Loop thread. */
    public void opened(GettySession s) {
        if (session != s) {
            return;
        }
        opened = true;
        failures = 0;
        reportFirst(s, null);
        try {
            listener.connected(s);
        } catch (Throwable t) {
            log.warn("the connection listener threw", t);
        }
    }

    /** The session was refused before it opened (its initializer, a handshake or onOpen failed). Loop thread. */
    public void refused(GettySession s, Throwable cause) {
        if (session == s) {
            reportFirst(null, cause);
            countFailure(cause); // the session's end (lost) schedules the next attempt
        }
    }

    /** The session ended. Any thread. */
    public void lost(GettySession s) {
        if (loop.inLoop()) {
            ended(s);
        } else {
            try {
                loop.execute(() -> ended(s));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the loop has stopped: the client is closing
            }
        }
    }

    private void ended(GettySession s) {
        if (session != s) {
            return;
        }
        session = null;
        if (opened) {
            opened = false;
            try {
                listener.disconnected(s);
            } catch (Throwable t) {
                log.warn("the connection listener threw", t);
            }
        }
        retryLater();
    }

    private void failed(Throwable cause) {
        reportFirst(null, cause);
        countFailure(cause);
        retryLater();
    }

    private void countFailure(Throwable cause) {
        failures++;
        boolean givingUp = !reconnect.retries(failures) || owner.isClosed();
        log.debug("connect to {} failed ({} in a row){}", remote, failures, givingUp ? "; giving up" : "", cause);
        try {
            listener.connectFailed(cause, failures, givingUp && !owner.isClosed());
        } catch (Throwable t) {
            log.warn("the connection listener threw", t);
        }
    }

    private void retryLater() {
        if (owner.isClosed() || !reconnect.retries(failures)) {
            return;
        }
        loop.schedule(this, loop.nanoTime() + reconnect.delayNanos(Math.max(failures, 1)));
    }

    private void reportFirst(GettySession s, Throwable failure) {
        if (!firstReported) {
            firstReported = true;
            owner.firstOutcome(s, failure);
        }
    }

    @Override
    protected void onTimer(long nowNanos) {
        connect();
    }

    /** Stops reconnecting and gives up an attempt under way (the client is closing). Loop thread. */
    public void stop() {
        loop.cancel(this);
        if (connector != null) {
            connector.cancel();
        }
        reportFirst(null, new io.getty.core.SessionClosedException("the client was closed before it connected to " + remote));
    }
}
