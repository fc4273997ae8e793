package io.getty.tcp.internal;

import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerStack;
import io.getty.core.internal.session.GettySession;
import io.getty.core.internal.session.SessionRegistry;
import io.getty.tcp.SocketOptions;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a connected channel into a session on its loop: the transport, the layers the end point asks for,
 * the session, its registration with the end point, and the initializer. Shared by the server and the client.
 *
 * @param layers       factories of the session's layers, top first (empty: none)
 * @param handshakeTimeoutNanos how long the layers may take to open (0: no limit)
 */
public record TcpSessionStarter(SessionRegistry registry, SessionOptions options, SocketOptions socketOptions,
                                SessionInitializer initializer, List<LayerFactory> layers,
                                long handshakeTimeoutNanos) {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionStarter.class);

    public TcpSessionStarter {
        layers = List.copyOf(layers);
    }

    /** Makes and starts a session for {@code channel}: {@link #create} then {@link #begin}. Loop thread. */
    public GettySession start(EventLoop loop, SocketChannel channel, SelectionKey connectedKey, boolean client,
                              java.util.function.Consumer<Throwable> failure) {
        GettySession session = create(loop, channel, connectedKey, client, failure);
        if (session != null) {
            begin(session);
        }
        return session;
    }

    /**
     * Makes a session for {@code channel}, whose reservation in the registry is made, and lists it. Never
     * throws: a connection that cannot be set up is closed, its reservation given back, and the failure
     * handed to {@code failure}. Loop thread.
     *
     * @param connectedKey a client's registration to take over, or null to register the channel
     * @return the session, or null when it could not be set up
     */
    public GettySession create(EventLoop loop, SocketChannel channel, SelectionKey connectedKey, boolean client,
                               java.util.function.Consumer<Throwable> failure) {
        TcpTransport transport;
        GettySession session;
        try {
            transport = TcpTransport.register(loop, channel, socketOptions, connectedKey);
            session = new GettySession(loop, registry, options);
            if (layers.isEmpty()) {
                transport.upstream(session);
                session.attach(transport);
            } else {
                List<Layer> made = new ArrayList<>(layers.size());
                for (LayerFactory factory : layers) {
                    made.add(factory.newLayer(client));
                }
                session.attach(new LayerStack(session, transport, made, client));
            }
        } catch (Throwable t) {
            // One connection that cannot be set up (a reset before it was configured, say) is that
            // connection's problem only.
            log.debug("could not set up the connection {}", channel, t);
            if (connectedKey != null) {
                connectedKey.cancel();
            }
            closeQuietly(channel);
            registry.release();
            failure.accept(t);
            return null;
        }
        registry.add(session);
        return session;
    }

    /** Runs the initializer of a session from {@link #create} and opens it. Never throws. Loop thread. */
    public void begin(GettySession session) {
        try {
            session.start(initializer, handshakeTimeoutNanos);
        } catch (Throwable t) {
            log.warn("setting up {} failed", session, t);
            session.fail(t); // that session only: never the loop, nor the server accepting on it
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }
}
