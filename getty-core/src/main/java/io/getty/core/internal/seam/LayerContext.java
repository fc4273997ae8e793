package io.getty.core.internal.seam;

import io.getty.core.Session;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;

/** What a {@link Layer} sees of its stack: the levels around it and the session. Loop thread only. */
public interface LayerContext {

    EventLoop loop();

    /** The session this layer serves (its addresses, options, attributes). */
    Session session();

    /** Whether the session is the client side of its connection. */
    boolean client();

    /**
     * Passes decoded stream bytes to the level above (the next layer, or the session's stream decoder), which
     * consumes what it can at once; the stack keeps the rest. {@code bytes} may be reused after the call.
     *
     * @return false when the session is closed: the layer stops. (A session that pauses reading still takes
     *         everything decoded from the bytes at hand, as the stream decoder decodes a whole read before it
     *         pauses; the stack reads no more from the socket meanwhile.)
     */
    boolean passUp(ByteBuffer bytes);

    /**
     * Passes one whole message to the session's message decoder, with what the layer knows of it
     * ({@code meta}). Only for the top layer of a message stack.
     *
     * @return false when the session is closed: the layer stops
     */
    boolean passUpMessage(ByteBuffer message, Object meta);

    /** The queue directly under this layer: where its output and its own bytes go. */
    OutboundBuffer below();

    /** How much the queue below may hold before this layer stops transforming (about one TLS record). */
    int quantum();

    /** Asks for the stack's output to be flushed soon (after own bytes were written below). */
    void requestFlush();

    /** This layer is open: the layer above starts, or the session opens. */
    void opened();

    /** The peer said it has finished (a TLS close_notify, a WebSocket close frame): the session closes gracefully. */
    void peerFinished();

    /** This layer's part of a graceful close is done (after {@link Layer#close} returned false). */
    void closed();

    /** Fails the session with {@code cause}. */
    void fail(Throwable cause);

    /** Stops (or resumes) reading from the socket while this layer waits, for a delegated task say. */
    void holdReads(boolean hold);

    /** Whether the session does not read now (see {@link Upstream#readsPaused()}). */
    boolean readsPaused();

    /** Calls this layer's {@link Layer#read} again over the bytes the stack kept for it (after a delegated task). */
    void rerun();

    /**
     * This layer stopped with bytes left that it could decode at once, because it bounds its work per call (a
     * decompressor, whose output can be a thousand times its input). The stack reads no more from the socket
     * for now and, in a later pass of the loop, calls this layer's {@link Layer#read} again over the bytes kept
     * for it: once the session reads, so a pause (the user's, a lagging worker's) holds it too. Call it during
     * {@link Layer#read}, having consumed only part of the input.
     */
    void readAgain();
}
