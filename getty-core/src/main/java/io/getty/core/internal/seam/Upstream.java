package io.getty.core.internal.seam;

import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;

/**
 * What the io under a session calls back: the session itself when it has no layer, else the
 * {@link LayerStack}, which passes these on. Loop thread only.
 */
public interface Upstream extends InboundSink {

    EventLoop loop();

    /**
     * One unit that keeps its boundaries (a datagram, a WebSocket message), with what the transport or layer
     * knows about it ({@code meta}: a datagram's sender, a message's type), decoded by one reader call.
     *
     * @return false when the session stopped reading
     */
    boolean receivedMessage(ByteBuffer message, Object meta);

    /**
     * One unit was lost below the decoder (a datagram longer than the largest the transport takes), or the
     * channel reported an error that belongs to no unit of its own (an ICMP port unreachable on a datagram
     * socket): reported to {@code onError} and the session goes on when its io says unit errors are local
     * ({@link SessionIo#unitErrorsAreLocal()}); otherwise the session fails, as a stream's would.
     */
    default void unitFailed(Throwable cause) {
        fail(cause);
    }

    /** Flush now: the channel became writable again. */
    void flush();

    /**
     * During {@link SessionIo#flush}: {@code n} more of the user's bytes (the top of the stack) are in the
     * kernel.
     */
    void sent(long n);

    /**
     * The transport finished one readiness event's reads: output written while they were delivered leaves
     * now, in one write, while the chunks it was encoded into are still hot.
     */
    void readComplete();

    /** Flush at the end of this readiness event or loop pass: bytes were queued below the session. */
    void requestFlush();

    /** Every layer is open (at once when there is none): the session opens. */
    void opened();

    /** The peer said it has finished (a TLS close_notify, a WebSocket close frame): close gracefully. */
    void peerFinished();

    /**
     * Fails the session with {@code cause} ({@code onError}, then closed at once; after the running callback, if
     * any); {@code null} closes it at once without an error.
     */
    void fail(Throwable cause);

    /**
     * Fails the session with {@code cause} after what the io queued of its own (a TLS alert, a WebSocket close
     * frame with its code) has had a chance to reach the peer: {@code onError} at once, the user's unsent output
     * dropped, the socket's output shut, and input read and dropped until the peer's end or a short linger, so
     * that no reset destroys those last words.
     */
    void failGracefully(Throwable cause);

    /** Stops (or resumes) reading while a layer waits, for a delegated task say. */
    void holdReads(boolean hold);

    /**
     * Whether the session does not read now (paused by the user, for a lagging worker, or held by a layer): a
     * peer's silence then says nothing, so a timer that judges it (a heartbeat) waits instead.
     */
    boolean readsPaused();

    /** The io's part of a graceful close is over ({@link SessionIo#shutdown()}): the session can close. */
    void shutdownFinished();
}
