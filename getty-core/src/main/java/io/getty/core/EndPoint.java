package io.getty.core;

import java.util.concurrent.CompletableFuture;

/** What servers and clients share (Getty's {@code EndPoint}): the loops they run on and a way to stop. */
public interface EndPoint extends AutoCloseable {

    /** The loops this end point's sessions run on. */
    EventLoopGroup loopGroup();

    /**
     * Stops the end point: a server stops accepting, a client stops connecting, and every session is closed
     * gracefully. An event loop group the end point created itself is shut down too; one given to it is
     * not. Idempotent; returns without waiting (see {@link #closeFuture()}).
     */
    @Override
    void close();

    boolean isClosed();

    /** Completes when the end point is closed, its sessions are closed, and its own loops have stopped. */
    CompletableFuture<Void> closeFuture();
}
