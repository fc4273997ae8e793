package io.getty.core.internal.session;

import io.getty.core.AttributeKey;
import io.getty.core.HandshakeTimeoutException;
import io.getty.core.SessionClosedException;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.seam.SessionIo;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: its life cycle and timers, on top of the jobs of the classes it extends.
 *
 * <pre>
 * INITIALIZING ──initializer──▶ HANDSHAKING ──every layer open──▶ OPENING ──onOpen returned──▶ OPEN
 *        │                           │                               │                          │
 *        └── refused ──▶ CLOSED      └──── close / failure ──────────┴──────────────────────────┴──▶ CLOSING ──▶ CLOSED
 * </pre>
 *
 * <p>Only the loop thread changes state, except that {@code close}/{@code closeNow} move it to CLOSING from any
 * thread so that later writes fail at once. A graceful close sends what was accepted, lets the layers say
 * goodbye (top down), shuts the socket's output and reads until the peer's end, all bounded by one close
 * deadline on the session's own timer node. A close or failure asked for inside a callback runs after the
 * callback has returned.
 */
public final class GettySession extends SessionReads {
    private static final Logger log = LoggerFactory.getLogger(GettySession.class);
    private static final AttributeKey<ReadTimeout> READ_TIMEOUT = AttributeKey.of("getty.readTimeout");

    public GettySession(EventLoop loop, SessionOwner owner, SessionOptions options) {
        super(loop, new SessionConfig(owner, options, null, null, null, LoopDispatch.INSTANCE));
    }

    /** Sets what lies below: the transport, or a layer stack over it. Before {@link #start}. */
    public void attach(SessionIo below) {
        this.io = below;
    }

    // ---------------------------------------------------------------- set-up and open

    /**
     * Runs the initializer and opens what lies below; {@code onOpen} follows once every layer is open.
     * {@code handshakeTimeoutNanos} bounds the layers' handshakes (0: none). Loop thread.
     */
    public void start(SessionInitializer initializer, long handshakeTimeoutNanos) {
        setFlag(SETTING_UP);
        try {
            initializer.initialize(this);
            SessionConfig c = config;
            if (c.reader == null || c.writer == null) {
                throw new IllegalStateException("the session initializer set no codec (reader and writer)");
            }
            if (c.listener == null) {
                throw new IllegalStateException("the session initializer set no listener");
            }
        } catch (Throwable t) {
            clearFlag(SETTING_UP);
            log.warn("the session initializer refused {}", this, t);
            refuse(t);
            return;
        } finally {
            clearFlag(SETTING_UP);
        }
        SessionConfig c = config;
        Executor executor = c.options.executor();
        config = executor == null ? c.owner.intern(c)
                : c.withDispatch(new WorkerDispatch(this, executor, c.options.maxQueuedMessages()));
        if (io.framesPackets()) {
            setFlag(FRAMED);
        }
        if (!transition(INITIALIZING, HANDSHAKING)) {
            return; // closed in the initializer: the queued close finishes it
        }
        io.open();
        if (lifecycle() == HANDSHAKING) {
            if (handshakeTimeoutNanos > 0) {
                loop.schedule(this, loop.nanoTime() + handshakeTimeoutNanos);
            }
            updateReadInterest();
        }
    }

    @Override
    public void opened() {
        if (transition(HANDSHAKING, OPENING)) {
            loop.cancel(this);
            updateReadInterest();
            dispatchEvent(SessionEvent.OPEN);
        }
    }

    /** {@code onOpen} returned, or threw {@code refusal}. Loop thread. */
    void openReturned(Throwable refusal) {
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        setFlag(REPORTED);
        config.owner.sessionOpened(this);
        if (transition(OPENING, OPEN)) {
            long now = System.nanoTime(); // fresh: the loop's clock may be from before a long select
            activeAt(now);
            long cron = config.options.cronNanos();
            if (cron > 0) {
                loop.schedule(this, loop.nanoTime() + cron);
            }
            long readTimeout = config.options.readTimeoutNanos();
            if (readTimeout > 0) {
                ReadTimeout timer = new ReadTimeout(this, readTimeout);
                attribute(READ_TIMEOUT, timer);
                timer.start(loop.nanoTime());
            }
            updateReadInterest();
        }
    }

    /** Refuses the session: it is closed without any callback of its listener. Loop thread. */
    private void refuse(Throwable cause) {
        setFlag(REPORTED);
        config.owner.sessionRefused(this, cause);
        if (lifecycle() == INITIALIZING) {
            advanceTo(CLOSED);
            if (io != null) {
                io.close();
            }
            config.owner.sessionFinished(this);
        } else {
            doClose(null);
        }
    }

    // ---------------------------------------------------------------- timers

    @Override
    protected void onTimer(long now) {
        switch (lifecycle()) {
            case HANDSHAKING -> fail(new HandshakeTimeoutException(this + " did not complete its handshake in time"));
            case OPEN -> {
                dispatchEvent(SessionEvent.CRON);
                long cron = config.options.cronNanos();
                if (cron > 0 && lifecycle() == OPEN) {
                    loop.schedule(this, now + cron);
                }
            }
            case CLOSING -> {
                if (hasFlag(SHUTTING_DOWN)) {
                    doClose(null); // the peer did not finish within the close linger
                }
            }
            default -> {
            }
        }
    }

    @Override
    void readingResumed() {
        ReadTimeout timer = attribute(READ_TIMEOUT);
        if (timer != null) {
            timer.resumed(loop.nanoTime());
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        if (advanceTo(CLOSING)) {
            if (loop.inLoop() && loop.inCallback()) {
                onLoopLater(this::closeGracefully); // after the running callback: never under a layer's call
            } else {
                onLoop(this::closeGracefully);
            }
        }
    }

    @Override
    public void closeNow() {
        advanceTo(CLOSING);
        onLoop(() -> fail(null));
    }

    /** Sends what was accepted, then closes. Loop thread. */
    void closeGracefully() {
        if (lifecycle() == CLOSED || hasFlag(CLOSE_AFTER_FLUSH)) {
            return;
        }
        advanceTo(CLOSING);
        setFlag(CLOSE_AFTER_FLUSH);
        updateReadInterest();
        if (out == null) {
            outputDrained();
        } else {
            flush();
        }
    }

    @Override
    void outputDrained() {
        if (hasFlag(SHUTTING_DOWN) || lifecycle() == CLOSED) {
            return;
        }
        setFlag(SHUTTING_DOWN);
        long linger = config.options.closeTimeout().toNanos();
        if (linger == 0) {
            doClose(null);
            return;
        }
        loop.schedule(this, loop.nanoTime() + linger);
        io.shutdown();
    }

    @Override
    public void shutdownFinished() {
        if (hasFlag(INPUT_ENDED)) {
            doClose(null);
        } // else the peer's end of stream (or the close linger) finishes the close
    }

    @Override
    void inputDrained() {
        if (hasFlag(SHUTTING_DOWN)) {
            doClose(null);
        } // else output is still being sent; outputDrained will find the input ended
    }

    @Override
    void peerClosed() {
        if (config.dispatch.packetsOutliveReads()) {
            dispatchEvent(SessionEvent.CLOSE_AFTER_DELIVERY); // the worker has packets of this stream to handle first
        } else {
            closeGracefully();
        }
    }

    @Override
    public void peerFinished() {
        peerClosed();
    }

    @Override
    public void fail(Throwable cause) {
        if (!loop.inLoop()) {
            onLoop(() -> fail(cause));
            return;
        }
        if (lifecycle() == CLOSED) {
            return;
        }
        if (loop.inCallback()) {
            // Not under the running callback's feet: it finishes first, and nothing more is delivered or sent.
            advanceTo(CLOSING);
            setFlag(FAILED);
            updateReadInterest();
            onLoopLater(() -> doClose(cause));
            return;
        }
        doClose(cause);
    }

    @Override
    public void failGracefully(Throwable cause) {
        if (!loop.inLoop()) {
            onLoop(() -> failGracefully(cause));
            return;
        }
        if (lifecycle() == CLOSED || hasFlag(FAILED)) {
            return;
        }
        log.debug("{} failed", this, cause);
        advanceTo(CLOSING);
        setFlag(FAILED | DRAINING | SHUTTING_DOWN);
        attribute(CLOSE_CAUSE, new SessionClosedException(this + " failed before the write was sent", cause));
        if (!hasFlag(REPORTED)) {
            setFlag(REPORTED); // a handshake that failed: a client waiting for the session hears why now
            config.owner.sessionRefused(this, cause);
        }
        releaseOutput();
        dispatchEvent(new ErrorEvent(cause));
        io.shutdownOutput();
        updateReadInterest();
        if (hasFlag(INPUT_ENDED)) {
            doClose(null);
        } else {
            long linger = Math.min(config.options.closeTimeout().toNanos(), 1_000_000_000L);
            loop.schedule(this, loop.nanoTime() + linger); // the peer's end, or this, finishes the close
        }
    }

    private void onLoopLater(Runnable action) {
        try {
            loop.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            action.run(); // the loop is stopping, on this very thread: close now
        }
    }

    /** Closes at once; {@code cause}, if any, is reported to {@code onError} first. Loop thread. */
    private void doClose(Throwable cause) {
        if (lifecycle() == CLOSED) {
            return;
        }
        if (cause != null) {
            log.debug("{} failed", this, cause);
            attribute(CLOSE_CAUSE, new SessionClosedException(this + " failed before the write was sent", cause));
        }
        advanceTo(CLOSED);
        if (!hasFlag(REPORTED)) {
            // Closed before it opened (a handshake failed or timed out, or the end point closed it): a client
            // waiting for it must hear why.
            setFlag(REPORTED);
            config.owner.sessionRefused(this, cause != null ? cause
                    : new SessionClosedException(this + " was closed before it opened"));
        }
        loop.cancel(this);
        ReadTimeout timer = attribute(READ_TIMEOUT);
        if (timer != null) {
            loop.cancel(timer);
        }
        if (io != null) {
            io.close();
        }
        releaseOutput();
        if (cause != null) {
            dispatchEvent(new ErrorEvent(cause));
        }
        dispatchEvent(SessionEvent.CLOSE);
    }

    @Override
    void dispatchEvent(Object event) {
        config.dispatch.event(this, event);
    }
}
