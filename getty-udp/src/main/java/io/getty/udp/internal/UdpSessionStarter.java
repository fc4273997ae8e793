package io.getty.udp.internal;

import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.session.GettySession;
import io.getty.core.internal.session.SessionRegistry;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a datagram socket (bound, and connected for a client) into a session on its loop: the transport, the
 * session, its registration with the end point, and the initializer. Shared by the endpoint and the client.
 *
 * @param maxDatagramSize the longest datagram sent or received
 */
public record UdpSessionStarter(SessionRegistry sessions, SessionOptions options, SessionInitializer initializer,
                                int maxDatagramSize) {
    private static final Logger log = LoggerFactory.getLogger(UdpSessionStarter.class);

    /**
     * Starts a session for {@code channel}, whose reservation in {@code sessions} is made. Never throws: a
     * socket that cannot be set up is closed, its reservation given back, and the failure passed to
     * {@code failure}. Loop thread.
     *
     * @return the session, or null when it could not be set up
     */
    public GettySession start(EventLoop loop, DatagramChannel channel, Consumer<Throwable> failure) {
        GettySession session;
        try {
            DatagramTransport transport = DatagramTransport.register(loop, channel, maxDatagramSize);
            session = new GettySession(loop, sessions, options);
            transport.upstream(session);
            session.attach(transport);
        } catch (IOException | RuntimeException e) {
            log.debug("could not set up a session for {}", channel, e);
            DatagramChannels.closeQuietly(channel);
            sessions.release();
            failure.accept(e);
            return null;
        }
        sessions.add(session);
        session.start(initializer, 0);
        return session;
    }
}
