package io.getty.tcp;

import io.getty.core.Client;
import io.getty.core.ConnectionListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Reconnect;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.SessionOptions;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.core.internal.session.GettySession;
import io.getty.tcp.internal.ConnectionSlot;
import io.getty.core.internal.session.SessionRegistry;
import io.getty.tcp.internal.TcpSessionStarter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP client that keeps {@code connectionNumber} sessions to one server (Getty's {@code WithConnectionNumber},
 * default 1): each connects with a timeout, is set up through the initializer like a server's session, and is
 * replaced after its {@link Reconnect} wait when it fails to connect or is lost, until the client closes.
 *
 * <pre>{@code
 * TcpClient client = TcpClient.builder()
 *         .remoteAddress("localhost", 8080)
 *         .onNewSession(session -> session.codec(new LengthFieldCodec()).listener(listener))
 *         .start();
 * Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
 * }</pre>
 */
public final class TcpClient implements Client {
    private static final Logger log = LoggerFactory.getLogger(TcpClient.class);

    private final LoopGroup group;
    private final boolean ownsGroup;
    private final SocketAddress remoteAddress;
    private final ConnectionSlot[] slots;
    private final CompletableFuture<Session> connectFuture = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger firstFailures = new AtomicInteger();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final SessionRegistry registry = new SessionRegistry() {
        @Override
        public void sessionOpened(GettySession session) {
            ConnectionSlot slot = slotOf(session);
            if (slot != null) {
                slot.opened(session);
            }
        }

        @Override
        public void sessionRefused(GettySession session, Throwable cause) {
            ConnectionSlot slot = slotOf(session);
            if (slot != null) {
                slot.refused(session, cause);
            }
        }

        @Override
        public void sessionFinished(GettySession session) {
            super.sessionFinished(session);
            // Only the slots on the session's loop can own it (any thread may be here, so not slotOf): each
            // checks on that loop whether the session was its own; the others get no task and no wakeup.
            for (ConnectionSlot slot : slots) {
                if (slot.loop() == session.loop()) {
                    slot.lost(session);
                }
            }
        }
    };

    private TcpClient(Builder b) {
        this.ownsGroup = b.ownsGroup();
        this.group = b.group();
        this.remoteAddress = b.remoteAddress;
        TcpSessionStarter starter = b.starter(registry);
        ConnectionSlot.Owner owner = new ConnectionSlot.Owner() {
            @Override
            public void firstOutcome(GettySession session, Throwable failure) {
                if (session != null) {
                    connectFuture.complete(session);
                } else if (firstFailures.incrementAndGet() == slots.length) {
                    connectFuture.completeExceptionally(failure); // no connection made it on its first attempt
                }
            }

            @Override
            public boolean isClosed() {
                return closed.get();
            }
        };
        this.slots = new ConnectionSlot[b.connectionNumber];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new ConnectionSlot(group.next(), remoteAddress, b.connectTimeout, starter, registry,
                    b.reconnect, b.connectionListener, owner);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The slot whose session {@code session} is; loop thread of that session. */
    private ConnectionSlot slotOf(GettySession session) {
        for (ConnectionSlot slot : slots) {
            if (slot.loop().inLoop() && slot.holds(session)) {
                return slot;
            }
        }
        return null;
    }

    private void start() {
        for (ConnectionSlot slot : slots) {
            try {
                slot.loop().execute(slot::connect);
            } catch (RejectedExecutionException e) {
                connectFuture.completeExceptionally(e);
            }
        }
    }

    /**
     * Completes with the first session that opens, or fails once every connection's first attempt has failed
     * (with the last cause); the client keeps trying meanwhile if reconnection is on.
     */
    @Override
    public CompletableFuture<Session> connectFuture() {
        return connectFuture;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Collection<Session> sessions() {
        return registry.openSessions();
    }

    /** How many sessions the client keeps. */
    public int connectionNumber() {
        return slots.length;
    }

    @Override
    public EventLoopGroup loopGroup() {
        return group;
    }

    /** Stops reconnecting, gives up connects under way and closes every session gracefully. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ConnectionSlot slot : slots) {
            try {
                slot.loop().execute(slot::stop);
            } catch (RejectedExecutionException e) {
                log.debug("the loop of {} has stopped already", this);
            }
        }
        registry.closeAll(ownsGroup ? group : null, closeFuture);
        // Whatever the connects were doing when the client closed, the connect future completes: a session that
        // opened first has completed it already.
        closeFuture.whenComplete((ignored, error) -> connectFuture.completeExceptionally(
                new SessionClosedException(this + " was closed before it connected")));
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public String toString() {
        return "TcpClient(" + remoteAddress + ")";
    }

    /**
     * Builds and starts a {@link TcpClient}. Defaults: one connection, connect timeout 5 s, reconnection
     * {@link Reconnect#DEFAULT} (300 ms, doubling to 30 s), plus those of {@link TcpEndPointBuilder}.
     */
    public static final class Builder extends TcpEndPointBuilder<Builder> {
        private SocketAddress remoteAddress;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int connectionNumber = 1;
        private Reconnect reconnect = Reconnect.DEFAULT;
        private ConnectionListener connectionListener = new ConnectionListener() { };

        private Builder() {
        }

        /** The server to connect to; required. */
        public Builder remoteAddress(SocketAddress address) {
            this.remoteAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder remoteAddress(String host, int port) {
            return remoteAddress(new InetSocketAddress(host, port));
        }

        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(SessionOptions.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("connect timeout must be > 0 and at most "
                        + SessionOptions.MAX_DURATION.toDays() + " days: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** How many sessions the client keeps open to the server (Getty's connection number); default 1. */
        public Builder connectionNumber(int sessions) {
            if (sessions < 1) {
                throw new IllegalArgumentException("connection number must be >= 1: " + sessions);
            }
            this.connectionNumber = sessions;
            return this;
        }

        /** When to connect again after a failed connect or a lost session; {@link Reconnect#never()} turns it off. */
        public Builder reconnect(Reconnect policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Getty's reconnect interval: {@link Reconnect#every(Duration)}. */
        public Builder reconnectInterval(Duration interval) {
            return reconnect(Reconnect.every(interval));
        }

        /** Told when sessions connect and disconnect and when connects fail. */
        public Builder connectionListener(ConnectionListener listener) {
            this.connectionListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Starts connecting and returns at once; see {@link TcpClient#connectFuture()}. */
        public TcpClient start() {
            checkComplete();
            if (remoteAddress == null) {
                throw new IllegalStateException("remoteAddress(...) is required");
            }
            TcpClient client = new TcpClient(this);
            client.start();
            return client;
        }
    }
}
