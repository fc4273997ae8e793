package io.getty.udp;

import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.Server;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.core.internal.session.GettySession;
import io.getty.udp.internal.DatagramChannels;
import io.getty.udp.internal.MulticastMemberships;
import io.getty.udp.internal.UdpSessionStarter;
import io.getty.core.internal.session.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound UDP socket that is one session, as in Getty: it receives datagrams from any peer and sends each to the
 * peer it names.
 *
 * <pre>{@code
 * UdpEndpoint endpoint = UdpEndpoint.builder()
 *         .bind(9000)
 *         .onNewSession(session -> session.codec(new DatagramCodec(), new EventListener<Datagram<ByteBuffer>>() {
 *             public void onMessage(Session s, Datagram<ByteBuffer> datagram) {
 *                 s.sendPkg(datagram); // back to its sender
 *             }
 *         }))
 *         .start();
 * }</pre>
 *
 * <p>The session's {@code PkgReader} is called once per datagram and must use all of it; its listener receives
 * each packet as a {@link Datagram}: the packet and its sender (see there for how long one is valid). Each
 * packet written must be a {@code Datagram} too, naming where it goes; the {@code PkgWriter} encodes its
 * content into one datagram. {@code writeBytes} has no peer to send to and fails.
 *
 * <p>A datagram that cannot be read (longer than the max datagram size or the max message length, or one the
 * reader rejects or does not use whole) is reported to {@code onError}, and the endpoint goes on serving every
 * peer; so is a packet from {@code sendPkg} that cannot be sent. Empty datagrams arrive as empty packets, but
 * are not sent. The cron, read and write timeouts, worker executor and stats work as for a TCP session; closing
 * the session closes the endpoint, and closing the endpoint sends what was accepted, then closes the socket.
 */
public final class UdpEndpoint implements Server {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

    private final LoopGroup group;
    private final boolean ownsGroup;
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final MulticastMemberships memberships;
    private final CompletableFuture<Session> openFuture = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final SessionRegistry sessions = new SessionRegistry() {
        @Override
        public void sessionOpened(GettySession session) {
            openFuture.complete(session);
        }

        @Override
        public void sessionRefused(GettySession session, Throwable cause) {
            openFuture.completeExceptionally(cause);
        }

        @Override
        public void sessionFinished(GettySession session) {
            super.sessionFinished(session);
            close(); // the endpoint is its session
        }
    };

    private UdpEndpoint(Builder b) {
        UdpSessionStarter starter = b.starter(sessions);
        this.ownsGroup = b.ownsGroup();
        this.group = b.group();
        try {
            channel = DatagramChannels.bound(b.bindAddress, b.datagramOptions);
            localAddress = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            if (ownsGroup) {
                group.close();
            }
            throw new GettyException("could not bind " + b.bindAddress + ": " + e.getMessage(), e);
        }
        memberships = new MulticastMemberships(channel);
        EventLoop loop;
        try {
            loop = group.next();
        } catch (RuntimeException e) {
            DatagramChannels.closeQuietly(channel);
            throw e;
        }
        sessions.reserve(Integer.MAX_VALUE);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        Runnable register = () -> {
            if (starter.start(loop, channel, registered::completeExceptionally) != null) {
                registered.complete(null);
            }
        };
        if (loop.inLoop()) {
            register.run(); // started from a callback on that very loop: waiting for it would deadlock
        } else {
            try {
                loop.execute(register);
            } catch (RuntimeException e) {
                sessions.release();
                DatagramChannels.closeQuietly(channel);
                registered.completeExceptionally(e);
            }
        }
        try {
            registered.join();
        } catch (RuntimeException e) {
            close();
            throw new GettyException("could not start the endpoint on " + localAddress, e.getCause());
        }
        log.debug("bound to {}", localAddress);
    }

    /** A builder with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Completes with the endpoint's session once it is open (its {@code onOpen} returned), or fails with why it
     * could not be (the initializer or {@code onOpen} refused it).
     */
    public CompletableFuture<Session> openFuture() {
        return openFuture;
    }

    /**
     * Joins the multicast {@code group} on {@code networkInterface}: datagrams sent to the group and this
     * endpoint's port arrive like any other. The group must be of the socket's family (an IPv4 group for an
     * endpoint bound to an IPv4 address). Any thread.
     *
     * @return false if the endpoint was a member already
     * @throws GettyException if the system refused
     */
    public boolean joinGroup(InetAddress group, NetworkInterface networkInterface) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(networkInterface, "networkInterface");
        try {
            return memberships.join(group, networkInterface);
        } catch (IOException e) {
            throw new GettyException("could not join " + group.getHostAddress() + " on " + networkInterface.getName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Leaves a group joined with {@link #joinGroup}; returns false if the endpoint was not a member. Any thread. */
    public boolean leaveGroup(InetAddress group, NetworkInterface networkInterface) {
        return memberships.leave(group, networkInterface);
    }

    /** The bound address, with the actual port when bound to port 0. */
    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The port the endpoint is bound to. */
    public int port() {
        return localAddress.getPort();
    }

    /** The endpoint's session while it is open; empty before and after. */
    @Override
    public Collection<Session> sessions() {
        return sessions.openSessions();
    }

    /** 1 until the session has finished, then 0. */
    @Override
    public int sessionCount() {
        return sessions.size();
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
        closeFuture.whenComplete((ignored, error) -> {
            DatagramChannels.closeQuietly(channel); // closed with the session already, unless it never started
            openFuture.completeExceptionally(new SessionClosedException(this + " was closed before it opened"));
        });
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
        return "UdpEndpoint(" + localAddress + ")";
    }

    /**
     * Builds and starts a {@link UdpEndpoint}. Defaults: bind to port 0 on every IPv4 interface (pass a port),
     * one loop when the endpoint makes its own group (it is one session), plus those of
     * {@link UdpEndPointBuilder}.
     */
    public static final class Builder extends UdpEndPointBuilder<Builder> {
        private InetSocketAddress bindAddress = new InetSocketAddress(0);

        private Builder() {
            super(1);
        }

        /** The address to bind; an IPv6 address (:: for all) makes a socket that reaches IPv4 peers too. */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Binds to {@code port} on every interface; 0 picks a free port (see {@link UdpEndpoint#port()}). */
        public Builder bind(int port) {
            return bind(new InetSocketAddress(port));
        }

        public Builder bind(String host, int port) {
            return bind(new InetSocketAddress(host, port));
        }

        /** Binds and starts receiving; throws {@link GettyException} if the address cannot be bound. */
        public UdpEndpoint start() {
            checkComplete();
            return new UdpEndpoint(this);
        }
    }
}
