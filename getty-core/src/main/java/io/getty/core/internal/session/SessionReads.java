package io.getty.core.internal.session;

import io.getty.core.IncompletePacketException;
import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;

/**
 * A session's inbound side: what the io passes up (stream bytes to the {@link StreamDecoder}, units to the
 * {@link MessageDecoder}), delivery of packets to the dispatch, and the read gate.
 *
 * <p>The read gate: the session reads while it is handshaking, open or closing (input is then read and
 * dropped, so that closing does not reset the connection over unread bytes), unless one of these shut it:
 * the user ({@link #pauseReading()}), a worker executor that fell behind, the peer's EOF, or a layer that
 * waits for a delegated task.
 */
public abstract class SessionReads extends SessionWrites {

    SessionReads(EventLoop loop, SessionConfig config) {
        super(loop, config);
    }

    /** The peer ended its output with every complete packet delivered: close gracefully. Loop thread. */
    abstract void peerClosed();

    /** The io's part of a graceful close ({@code shutdown}) is over. Loop thread. */
    abstract void inputDrained();

    /** The read gate opened again after a pause: the read timeout's clock restarts. Loop thread. */
    abstract void readingResumed();

    // ---------------------------------------------------------------- from the io

    @Override
    public final boolean received(ByteBuffer in) {
        setFlag(READING);
        activeNow();
        if (lifecycle() >= CLOSING) {
            in.position(in.limit()); // closing: input is read and dropped
            return (!hasFlag(FAILED) || hasFlag(DRAINING)) && lifecycle() == CLOSING;
        }
        return StreamDecoder.decode(this, in);
    }

    @Override
    public final boolean receivedMessage(ByteBuffer message, Object meta) {
        setFlag(READING);
        activeNow();
        if (lifecycle() >= CLOSING) {
            message.position(message.limit());
            return !hasFlag(FAILED) && lifecycle() == CLOSING;
        }
        return MessageDecoder.decode(this, message, meta);
    }

    @Override
    public final void unitFailed(Throwable cause) {
        if (delivering()) {
            MessageDecoder.unitFailed(this, cause);
        }
    }

    @Override
    public final void readComplete() {
        int f = flags;
        if ((f & (READING | WROTE_IN_READ)) != 0) {
            flags = f & ~(READING | WROTE_IN_READ);
            if ((f & WROTE_IN_READ) != 0 && lifecycle() != CLOSED) {
                flush(); // the replies to this read leave in one write, while their chunks are hot
            }
        }
    }

    @Override
    public final void inputEnded(int unread) {
        setFlag(INPUT_ENDED);
        updateReadInterest();
        int s = lifecycle();
        if (unread > 0 && s <= OPEN) {
            fail(new IncompletePacketException(unread));
        } else if (s >= CLOSING) {
            inputDrained();
        } else {
            peerClosed();
        }
    }

    @Override
    public final boolean keepsInput() {
        return config.dispatch.packetsOutliveReads();
    }

    @Override
    public final int unitLength(ByteBuffer in) {
        int n;
        try {
            n = config.reader.packetLength(this, in);
        } catch (RuntimeException e) {
            return -1; // a hint only: the reader's read will say what is wrong
        }
        return n > in.remaining() && n <= (long) maxMessageLength() + StreamDecoder.HEADROOM ? n : -1;
    }

    // ---------------------------------------------------------------- delivery

    /** Whether packets may still be delivered (not closing). */
    final boolean delivering() {
        return lifecycle() <= OPEN && !hasFlag(FAILED);
    }

    /** Delivers a decoded packet to the listener. Loop thread. */
    final void deliver(Object pkg) {
        countPacketRead();
        config.dispatch.message((GettySession) this, pkg);
    }

    /** Reports a failure that ends one unit, not the session (a datagram that cannot be decoded). */
    final void reportError(Throwable cause) {
        config.dispatch.event((GettySession) this, new ErrorEvent(cause));
    }

    /**
     * With a worker executor: stops reading while the worker is more than {@code maxQueuedMessages} behind.
     * Returns whether reading stopped. Loop thread, after a read's packets were delivered.
     */
    final boolean pauseIfCallbacksBehind() {
        if (config.dispatch.pauseReads((GettySession) this)) {
            closeGate(PAUSED_FOR_WORKER);
            return true;
        }
        return false;
    }

    /** The worker caught up after {@link #pauseIfCallbacksBehind()}. Worker thread. */
    final void workerCaughtUp() {
        onLoop(() -> openGate(PAUSED_FOR_WORKER));
    }

    // ---------------------------------------------------------------- the read gate

    @Override
    public final void pauseReading() {
        onLoop(() -> closeGate(PAUSED_BY_USER));
    }

    @Override
    public final void resumeReading() {
        onLoop(() -> openGate(PAUSED_BY_USER));
    }

    /** A layer waits (a delegated task runs) or is done waiting. Loop thread. */
    public final void holdReads(boolean hold) {
        if (hold) {
            closeGate(HELD_BY_LAYER);
        } else {
            openGate(HELD_BY_LAYER);
        }
    }

    final void closeGate(int reason) {
        if (!hasFlag(reason)) {
            setFlag(reason);
            updateReadInterest();
        }
    }

    final void openGate(int reason) {
        if (hasFlag(reason)) {
            clearFlag(reason);
            if ((flags & READ_GATE) == 0) {
                readingResumed();
            }
            updateReadInterest();
        }
    }

    /** Whether the gate is shut by the user or a lagging worker: then the session is not idle, just not reading. */
    @Override
    public final boolean readsPaused() {
        return (flags & (PAUSED_BY_USER | PAUSED_FOR_WORKER | HELD_BY_LAYER)) != 0;
    }

    final void updateReadInterest() {
        int s = lifecycle();
        boolean read;
        if (s == CLOSING) {
            read = !hasFlag(INPUT_ENDED) && (!hasFlag(FAILED) || hasFlag(DRAINING));
        } else {
            read = (s == HANDSHAKING || s == OPEN) && (flags & READ_GATE) == 0;
        }
        if (io != null) {
            io.readInterest(read);
        }
    }

    /** Runs {@code action} now if on the loop, else as a task on it (dropped if the loop has stopped). */
    final void onLoop(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else {
            try {
                loop.execute(action);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The loop stopped and closed this session as it did.
            }
        }
    }
}
