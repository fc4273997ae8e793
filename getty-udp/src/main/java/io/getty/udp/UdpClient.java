package io.getty.udp;

import io.getty.core.Client;
import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.core.internal.session.GettySession;
import io.getty.udp.internal.DatagramChannels;
import io.getty.udp.internal.UdpSessionStarter;
import io.getty.core.internal.session.SessionRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A UDP client: {@link Builder#connectionNumber(int) N} sessions, each a socket of its own connected to one
 * server ({@code DatagramChannel.connect}), spread over the client's loops. Connecting a UDP socket sends
 * nothing: it fixes the peer, so that only the server's datagrams arrive and the kernel reports an ICMP error
 * from it.
 *
 * <pre>{@code
 * UdpClient client = UdpClient.builder()
 *         .remoteAddress("localhost", 9000)
 *         .onNewSession(session -> session.codec(new DatagramCodec(), listener))
 *         .start();
 * Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
 * session.writePkg(ByteBuffer.wrap(bytes)); // one datagram to the server
 * }</pre>
 *
 * <p>A session's listener receives the packets the reader makes of the server's datagrams, without an
 * address; each packet written (or {@code writeBytes}) leaves as one datagram to the server. When the server is
 * gone, the ICMP port unreachable that the kernel reports is passed to {@code onError} as a
 * {@link java.net.PortUnreachableException} once, until a datagram arrives from the server again; the session
 * stays open (the server may come back) unless the listener closes it. Sessions are not replaced when they close.
 */
public final class UdpClient implements Client {
    private final LoopGroup group;
    private final boolean ownsGroup;
    private final InetSocketAddress remoteAddress;
    private final int connectionNumber;
    private final DatagramOptions datagramOptions;
    private final UdpSessionStarter starter;
    private final CompletableFuture<Session> connectFuture = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final SessionRegistry sessions = new SessionRegistry() {
        @Override
        public void sessionOpened(GettySession session) {
            connectFuture.complete(session);
        }

        @Override
        public void sessionRefused(GettySession session, Throwable cause) {
            connectFuture.completeExceptionally(cause);
        }
    };

    private UdpClient(Builder b) {
        this.starter = b.starter(sessions);
        this.ownsGroup = b.ownsGroup();
        this.group = b.group();
        this.remoteAddress = b.remoteAddress;
        this.connectionNumber = b.connectionNumber;
        this.datagramOptions = b.datagramOptions;
    }

    /** A builder with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private void start() {
        for (int i = 0; i < connectionNumber; i++) {
            if (!sessions.reserve(Integer.MAX_VALUE)) {
                return; // closed meanwhile
            }
            EventLoop loop;
            try {
                loop = group.next();
                loop.execute(() -> open(loop));
            } catch (RuntimeException e) { // the group is closed, or its loop stopped
                sessions.release();
                connectFuture.completeExceptionally(e);
            }
        }
    }

    /** Opens one connected socket and starts its session. Loop thread. */
    private void open(EventLoop loop) {
        if (closed.get()) {
            sessions.release();
            return;
        }
        DatagramChannel channel;
        try {
            channel = DatagramChannels.connected(remoteAddress, datagramOptions);
        } catch (Exception e) {
            sessions.release();
            connectFuture.completeExceptionally(new GettyException("could not connect a UDP socket to "
                    + remoteAddress + ": " + e.getMessage(), e));
            return;
        }
        starter.start(loop, channel, connectFuture::completeExceptionally);
    }

    /** Completes with the first session to open, or fails with why the first that could not did not. */
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
        return sessions.openSessions();
    }

    @Override
    public EventLoopGroup loopGroup() {
        return group;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sessions.closeAll(ownsGroup ? group : null, closeFuture);
        // Whatever the sessions were doing when the client closed, the connect future completes: a session that
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
        return "UdpClient(" + remoteAddress + ")";
    }

    /**
     * Builds and starts a {@link UdpClient}. Defaults: one session; when the client makes its own group, one
     * loop per session up to the number of processors; plus those of {@link UdpEndPointBuilder}.
     */
    public static final class Builder extends UdpEndPointBuilder<Builder> {
        private InetSocketAddress remoteAddress;
        private int connectionNumber = 1;
        private boolean threadsSet;

        private Builder() {
            super(1);
        }

        /** The server's address; required, and resolved (a {@code new InetSocketAddress(host, port)} is). */
        public Builder remoteAddress(InetSocketAddress address) {
            this.remoteAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder remoteAddress(String host, int port) {
            return remoteAddress(new InetSocketAddress(host, port));
        }

        /** The sessions to open, each with a socket of its own (Getty's connection number); default 1. */
        public Builder connectionNumber(int sessions) {
            if (sessions < 1) {
                throw new IllegalArgumentException("connection number must be >= 1: " + sessions);
            }
            this.connectionNumber = sessions;
            return this;
        }

        @Override
        public Builder threads(int loops) {
            threadsSet = true;
            return super.threads(loops);
        }

        /** Opens the sessions and returns at once; see {@link UdpClient#connectFuture()}. */
        public UdpClient start() {
            checkComplete();
            if (remoteAddress == null) {
                throw new IllegalStateException("remoteAddress(...) is required");
            }
            if (!threadsSet) {
                super.threads(Math.min(connectionNumber, Runtime.getRuntime().availableProcessors()));
            }
            UdpClient client = new UdpClient(this);
            client.start();
            return client;
        }
    }
}
