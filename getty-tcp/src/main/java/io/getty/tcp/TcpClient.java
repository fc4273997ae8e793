package io.getty.tcp;

import io.getty.core.Client;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.core.internal.session.GettySession;
import io.getty.tcp.internal.Connector;
import io.getty.tcp.internal.SessionRegistry;
import io.getty.tcp.internal.TcpSessionStarter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP client with one session: it connects (with a timeout), sets the session up through the initializer
 * like a server's, and closes it with the client.
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
    private final Duration connectTimeout;
    private final TcpSessionStarter starter;
    private final EventLoop loop;
    private final CompletableFuture<Session> connectFuture = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final SessionRegistry registry = new SessionRegistry() {
        @Override
        public void sessionOpened(GettySession session) {
            connectFuture.complete(session);
        }

        @Override
        public void sessionRefused(GettySession session, Throwable cause) {
            connectFuture.completeExceptionally(cause);
        }
    };
    private Connector connector;

    private TcpClient(Builder b) {
        this.ownsGroup = b.loopGroup == null;
        this.group = b.loopGroupToUse();
        this.remoteAddress = b.remoteAddress;
        this.connectTimeout = b.connectTimeout;
        this.starter = b.starter(registry);
        this.loop = group.next();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void start() {
        registry.reserve(Integer.MAX_VALUE);
        try {
            loop.execute(() -> {
                if (closed.get()) {
                    registry.release();
                    connectFuture.completeExceptionally(new SessionClosedException(this + " was closed before it connected"));
                    return;
                }
                connector = new Connector(loop, remoteAddress, connectTimeout, new Connector.Outcome() {
                    @Override
                    public void connected(SocketChannel channel, SelectionKey key) {
                        onConnected(channel, key);
                    }

                    @Override
                    public void failed(Throwable cause) {
                        registry.release();
                        connectFuture.completeExceptionally(cause);
                    }
                });
                connector.connect();
            });
        } catch (RejectedExecutionException e) {
            registry.release();
            connectFuture.completeExceptionally(e);
        }
    }

    private void onConnected(SocketChannel channel, SelectionKey key) {
        starter.start(loop, channel, key, true, connectFuture::completeExceptionally);
    }

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
            loop.execute(() -> {
                if (connector != null) {
                    connector.cancel();
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("the loop of {} has stopped already", this);
        }
        registry.closeAll(ownsGroup ? group : null, closeFuture);
        // Whatever the connect was doing when the client closed, its future completes: a session that opens
        // first has completed it already.
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

    /** Builds and starts a {@link TcpClient}. Defaults: connect timeout 5 s, plus those of {@link TcpEndPointBuilder}. */
    public static final class Builder extends TcpEndPointBuilder<Builder> {
        private SocketAddress remoteAddress;
        private Duration connectTimeout = Duration.ofSeconds(5);

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
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be > 0: " + timeout);
            }
            this.connectTimeout = timeout;
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
