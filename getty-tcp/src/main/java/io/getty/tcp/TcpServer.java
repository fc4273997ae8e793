package io.getty.tcp;

import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.Server;
import io.getty.core.Session;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.tcp.internal.Acceptor;
import io.getty.core.internal.session.SessionRegistry;
import io.getty.tcp.internal.TcpSessionStarter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server: it listens, accepts connections and spreads their sessions over its loops.
 *
 * <pre>{@code
 * TcpServer server = TcpServer.builder()
 *         .bind(8080)
 *         .onNewSession(session -> session.codec(new LengthFieldCodec()).listener(new EchoListener()))
 *         .start();
 * }</pre>
 *
 * <p>A connection past the session limit is closed as soon as it is accepted, before any callback.
 */
public final class TcpServer implements Server {
    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);

    private final LoopGroup group;
    private final boolean ownsGroup;
    private final TcpSessionStarter starter;
    private final int sessionLimit;
    private final ServerSocketChannel channel;
    private final InetSocketAddress localAddress;
    private final EventLoop acceptLoop;
    private final Acceptor acceptor;
    private final SessionRegistry registry = new SessionRegistry();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile long refusedOverLimit;

    private TcpServer(Builder b) {
        this.ownsGroup = b.ownsGroup();
        this.group = b.group();
        this.starter = b.starter(registry);
        this.sessionLimit = b.sessionLimit;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (b.socketOptions.receiveBufferSize() > 0) {
                // Before bind: accepted sockets inherit it, and only then is TCP window scaling negotiated for it.
                channel.setOption(StandardSocketOptions.SO_RCVBUF, b.socketOptions.receiveBufferSize());
            }
            channel.bind(b.bindAddress, b.backlog);
            localAddress = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            if (ownsGroup) {
                group.close();
            }
            throw new GettyException("could not listen on " + b.bindAddress + ": " + e.getMessage(), e);
        }
        acceptLoop = group.next();
        acceptor = new Acceptor(acceptLoop, channel, this::accepted, this::acceptorClosed);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        Runnable register = () -> {
            try {
                acceptor.start();
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        };
        if (acceptLoop.inLoop()) {
            register.run(); // started from a callback on that very loop: waiting for it would deadlock
        } else {
            acceptLoop.execute(register);
        }
        try {
            registered.join();
        } catch (RuntimeException e) {
            close();
            throw new GettyException("could not start accepting on " + localAddress, e.getCause());
        }
        log.debug("listening on {}", localAddress);
    }

    public static Builder builder() {
        return new Builder();
    }

    private void accepted(SocketChannel accepted) {
        if (!registry.reserve(sessionLimit)) {
            refusedOverLimit++;
            log.debug("refused a connection: {} of {} sessions in use, or closing", registry.size(), sessionLimit);
            closeQuietly(accepted);
            return;
        }
        EventLoop loop;
        try {
            loop = group.next();
        } catch (RuntimeException e) {
            registry.release(); // the group is closing under the server
            closeQuietly(accepted);
            return;
        }
        StartSession start = new StartSession(loop, accepted);
        if (loop == acceptLoop) {
            start.run();
        } else if (!loop.offer(start)) {
            start.reject();
        }
    }

    /** Sets an accepted connection up on the loop it was given to. */
    private final class StartSession extends io.getty.core.internal.loop.LoopTask {
        private final EventLoop loop;
        private final SocketChannel channel;

        StartSession(EventLoop loop, SocketChannel channel) {
            this.loop = loop;
            this.channel = channel;
        }

        @Override
        public void run() {
            starter.start(loop, channel, null, false, failure -> { });
        }

        @Override
        public void reject() {
            closeQuietly(channel);
            registry.release();
        }
    }

    private void acceptorClosed() {
        close(); // the loop shut down under the server, or close() was called: either way the server is done
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The port the server listens on. */
    public int port() {
        return localAddress.getPort();
    }

    @Override
    public Collection<Session> sessions() {
        return registry.openSessions();
    }

    @Override
    public int sessionCount() {
        return registry.size();
    }

    /** Connections closed at once because the session limit was reached. */
    public long refusedOverLimit() {
        return refusedOverLimit;
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
        try {
            acceptLoop.execute(acceptor::close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeQuietly(channel); // the loop is gone: nothing else touches the channel now
        }
        registry.closeAll(ownsGroup ? group : null, closeFuture);
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
        return "TcpServer(" + localAddress + ")";
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }

    /**
     * Builds and starts a {@link TcpServer}. Defaults: bind to port 0 on all interfaces (pass a port),
     * backlog 1024, no session limit, plus those of {@link TcpEndPointBuilder}.
     */
    public static final class Builder extends TcpEndPointBuilder<Builder> {
        private SocketAddress bindAddress = new InetSocketAddress(0);
        private int backlog = 1024;
        private int sessionLimit = Integer.MAX_VALUE;

        private Builder() {
        }

        public Builder bind(SocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Binds to {@code port} on every interface; 0 picks a free port (see {@link TcpServer#port()}). */
        public Builder bind(int port) {
            return bind(new InetSocketAddress(port));
        }

        public Builder bind(String host, int port) {
            return bind(new InetSocketAddress(host, port));
        }

        /** The listen backlog: connections the kernel queues before they are accepted. */
        public Builder backlog(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("backlog must be >= 1: " + connections);
            }
            this.backlog = connections;
            return this;
        }

        /** The most sessions at once; connections beyond are closed when accepted. */
        public Builder sessionLimit(int sessions) {
            if (sessions < 1) {
                throw new IllegalArgumentException("session limit must be >= 1: " + sessions);
            }
            this.sessionLimit = sessions;
            return this;
        }

        /** Binds and starts accepting; throws {@link GettyException} if the address cannot be bound. */
        public TcpServer start() {
            checkComplete();
            return new TcpServer(this);
        }
    }
}
