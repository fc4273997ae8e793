package io.getty.core;

import java.net.SocketAddress;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** An end point that connects to a server. */
public interface Client extends EndPoint {

    SocketAddress remoteAddress();

    /** The open sessions, as a snapshot. */
    Collection<Session> sessions();

    /**
     * Completes with the first session once it is open (its {@code onOpen} returned), or fails with why it
     * could not be: the connection failed or timed out ({@link ConnectTimeoutException}), or the initializer
     * or {@code onOpen} refused it.
     */
    CompletableFuture<Session> connectFuture();
}
