package io.getty.core.internal.session;

import io.getty.core.AttributeKey;
import io.getty.core.EncodeException;
import io.getty.core.EventListener;
import io.getty.core.GettyException;
import io.getty.core.PkgHandler;
import io.getty.core.PkgReader;
import io.getty.core.PkgWriter;
import io.getty.core.ReadTimeoutException;
import io.getty.core.SessionClosedException;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.SessionSetup;
import io.getty.core.SessionStats;
import io.getty.core.WaterMarks;
import io.getty.core.WriteBufferFullException;
import io.getty.core.WriteFuture;
import io.getty.core.WriteTimeoutException;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.Flushable;
import io.getty.core.internal.loop.LoopTask;
import io.getty.core.internal.loop.TimerNode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session does whatever its transport: setup, the open/close life cycle, event dispatch (on the
 * loop, or through a {@link SerialDispatch} on a worker executor), encoding writes into its
 * {@link OutboundBuffer}, flushing, write futures, water marks, timers, attributes and counters. A
 * transport supplies the socket: how to write out, how to close, and when to read.
 *
 * <p>State: INITIALIZING (the initializer runs) → OPENING ({@code onOpen} dispatched) → OPEN (reading) →
 * CLOSING ({@code close()} asked for: no new writes, no more packets delivered, pending output still sent)
 * → CLOSED (socket closed). Only the loop thread changes state, except that {@code close}/{@code closeNow}
 * may move it to CLOSING from any thread so that later writes fail at once.
 */
public abstract class AbstractSession extends TimerNode implements SessionSetup, SessionStats, Flushable {
    protected static final Logger log = LoggerFactory.getLogger(AbstractSession.class);

    protected static final int INITIALIZING = 0;
    protected static final int OPENING = 1;
    protected static final int OPEN = 2;
    protected static final int CLOSING = 3;
    protected static final int CLOSED = 4;

    private static final AtomicLong IDS = new AtomicLong();
    private static final int FLUSH_ATTEMPTS = 4;
    private static final VarHandle STATE;
    private static final VarHandle FLUSHED;
    private static final VarHandle PENDING;
    private static final VarHandle LAST_ACTIVE;
    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;
    private static final VarHandle PACKETS_READ;
    private static final VarHandle PACKETS_WRITTEN;
    private static final VarHandle ATTRIBUTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(AbstractSession.class, "state", int.class);
            FLUSHED = lookup.findVarHandle(AbstractSession.class, "flushedBytes", long.class);
            PENDING = lookup.findVarHandle(AbstractSession.class, "pendingBytes", long.class);
            LAST_ACTIVE = lookup.findVarHandle(AbstractSession.class, "lastActiveMillis", long.class);
            BYTES_READ = lookup.findVarHandle(AbstractSession.class, "bytesRead", long.class);
            BYTES_WRITTEN = lookup.findVarHandle(AbstractSession.class, "bytesWritten", long.class);
            PACKETS_READ = lookup.findVarHandle(AbstractSession.class, "packetsRead", long.class);
            PACKETS_WRITTEN = lookup.findVarHandle(AbstractSession.class, "packetsWritten", long.class);
            ATTRIBUTES = lookup.findVarHandle(AbstractSession.class, "attributes", ConcurrentHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final EventLoop loop;
    /** The pending output, borrowed from the loop's pool while there is any; null when nothing is pending. */
    protected OutboundBuffer out;
    private final long id;
    private final SessionOwner owner;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private SessionOptions options;
    private PkgReader<Object> reader;
    private PkgWriter<Object> writer;
    private EventListener<Object> listener;
    private SerialDispatch serial;

    /** Bytes accepted for writing since the session began: a write is done when flushedBytes passes its end. */
    private long writtenBytes;
    /** Bytes handed to the kernel; written by the loop, read by any thread to tell whether a write is done. */
    private volatile long flushedBytes;
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile long pendingBytes;
    @SuppressWarnings("unused") // accessed through LAST_ACTIVE
    private volatile long lastActiveMillis;
    // Traffic counters: written by the loop only, read from any thread through opaque loads.
    private long bytesRead;
    private long bytesWritten;
    private long packetsRead;
    private long packetsWritten;
    private long lastReadNanos;
    private long lastWriteProgressNanos;
    private long nextCronNanos;
    private volatile boolean writable = true;
    private boolean flushRequested;
    private boolean writeBlocked;
    private boolean closeAfterFlush;
    private boolean opened; // serial context only
    private volatile boolean readsPausedForWorker;
    private volatile boolean readsPausedByUser;
    private boolean inputShutdown;
    private boolean settingUp; // the initializer is running: the setup setters are allowed
    /** Set when the session closes; its cause is why the session failed, if it did. */
    private volatile SessionClosedException writeFailure;
    @SuppressWarnings("unused") // accessed through ATTRIBUTES
    private volatile ConcurrentHashMap<AttributeKey<?>, Object> attributes;
    private WriteWaiters waiters;
    // Links of the owner's SessionList (guarded by that list's lock).
    AbstractSession listPrev;
    AbstractSession listNext;
    boolean inList;
    /** When the session's timer (it is its own timer node) is due: cron, read or write timeout. */
    private long timerDeadlineNanos;

    protected AbstractSession(EventLoop loop, SessionOwner owner, SessionOptions options) {
        this.loop = loop;
        this.owner = owner;
        this.options = options;
        this.id = IDS.incrementAndGet();
        LAST_ACTIVE.setOpaque(this, loop.currentTimeMillis());
    }

    // ---------------------------------------------------------------- the transport's part

    /** Writes what {@code pending} holds to the socket, as much as it takes in one call; returns the bytes taken. */
    protected abstract long writeOut(OutboundBuffer pending) throws IOException;

    /** Turns interest in writability on or off. Loop thread. */
    protected abstract void writeInterest(boolean on);

    /** Turns reading on or off. Loop thread. */
    protected abstract void readInterest(boolean on);

    /** Closes the socket and releases what the transport holds. Loop thread; called once. */
    protected abstract void closeTransport();

    // ---------------------------------------------------------------- set-up and open

    /**
     * Runs the initializer and checks what it set. Loop thread. On failure the session is refused: the
     * transport is closed and the owner told, and false is returned.
     */
    protected final boolean initialize(SessionInitializer initializer) {
        settingUp = true;
        try {
            initializer.initialize(this);
            if (reader == null || writer == null) {
                throw new IllegalStateException("the session initializer set no codec (reader and writer)");
            }
            if (listener == null) {
                throw new IllegalStateException("the session initializer set no listener");
            }
        } catch (Throwable t) {
            log.warn("session initializer refused {}", this, t);
            refuse(t);
            return false;
        } finally {
            settingUp = false;
        }
        Executor executor = options.executor();
        serial = executor == null ? null : new SerialDispatch(this, executor);
        return true;
    }

    /** Dispatches {@code onOpen}; the session starts reading when it returns. Loop thread. */
    protected final void open() {
        if (STATE.compareAndSet(this, INITIALIZING, OPENING)) {
            dispatch(SessionEvent.OPEN);
        } // else closed during the initializer: the queued close finishes it
    }

    private void opened(boolean accepted, Throwable refusal) {
        if (!accepted) {
            refuse(refusal);
            return;
        }
        owner.sessionOpened(this);
        if (STATE.compareAndSet(this, OPENING, OPEN)) {
            long now = loop.nanoTime();
            lastReadNanos = now;
            long cron = options.cronPeriod().toNanos();
            nextCronNanos = cron > 0 ? now + cron : Long.MAX_VALUE;
            rescheduleTimer(now);
            updateReadInterest();
        }
    }

    /** Refuses the session: it is closed without any callback of its listener. Loop thread. */
    protected final void refuse(Throwable cause) {
        owner.sessionRefused(this, cause);
        if (state() == INITIALIZING) {
            STATE.setVolatile(this, CLOSED);
            closeTransport();
            owner.sessionFinished(this);
        } else {
            doClose(null);
        }
    }

    // ---------------------------------------------------------------- events

    /** Delivers a decoded packet to the listener. Loop thread. */
    protected final void deliver(Object pkg) {
        PACKETS_READ.setOpaque(this, packetsRead + 1);
        if (serial == null) {
            try {
                listener.onMessage(this, pkg);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        } else {
            serial.enqueue(pkg);
        }
    }

    private void dispatch(Object event) {
        if (serial == null) {
            handle(event);
        } else {
            serial.enqueue(event);
        }
    }

    /** Handles one packet or event; in the serial context (the loop, or the session's worker turn). */
    final void handle(Object event) {
        if (event instanceof SessionEvent e) {
            handleEvent(e);
        } else if (event instanceof ErrorEvent error) {
            if (opened) {
                try {
                    listener.onError(this, error.cause());
                } catch (Throwable t) {
                    log.warn("onError of {} threw", this, t);
                }
            }
        } else if (opened) {
            try {
                listener.onMessage(this, event);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    private void handleEvent(SessionEvent event) {
        switch (event) {
            case OPEN -> {
                Throwable refusal = null;
                try {
                    listener.onOpen(this);
                    opened = true;
                } catch (Throwable t) {
                    refusal = t;
                    log.debug("onOpen refused {}", this, t);
                }
                boolean accepted = opened;
                Throwable why = refusal;
                if (serial == null) {
                    opened(accepted, why);
                } else {
                    runOnLoop(() -> opened(accepted, why));
                }
            }
            case CRON -> {
                if (opened) {
                    try {
                        listener.onCron(this);
                    } catch (Throwable t) {
                        listenerFailed(t);
                    }
                }
            }
            case WRITABLE, UNWRITABLE -> {
                if (opened) {
                    try {
                        listener.onWritabilityChanged(this, event == SessionEvent.WRITABLE);
                    } catch (Throwable t) {
                        listenerFailed(t);
                    }
                }
            }
            case CLOSE -> {
                if (opened) {
                    try {
                        listener.onClose(this);
                    } catch (Throwable t) {
                        log.warn("onClose of {} threw", this, t);
                    }
                }
                owner.sessionFinished(this);
            }
            case CLOSE_AFTER_DELIVERY -> runOnLoop(this::closeGracefully);
        }
    }

    private void listenerFailed(Throwable t) {
        if (state() >= CLOSING) {
            log.warn("listener of {} threw after the session was closed", this, t);
        }
        fail(t);
    }

    /** Called by the worker after a turn, with the events still queued. Worker thread. */
    final void workerCaughtUp(int stillQueued) {
        if (readsPausedForWorker && stillQueued <= options.maxQueuedMessages() / 2) {
            readsPausedForWorker = false;
            runOnLoop(this::updateReadInterest);
        }
    }

    /**
     * With a worker executor: stops reading while the worker is more than {@code maxQueuedMessages} behind.
     * Returns whether reading stopped. Loop thread, after a read's packets were delivered.
     */
    protected final boolean pauseReadsIfWorkerBehind() {
        if (serial != null && serial.size() > options.maxQueuedMessages()) {
            readsPausedForWorker = true;
            if (serial.size() <= options.maxQueuedMessages() / 2) {
                readsPausedForWorker = false; // the worker caught up before it could see the flag
                return false;
            }
            updateReadInterest();
            return true;
        }
        return false;
    }

    @Override
    public final void pauseReading() {
        readsPausedByUser = true;
        onLoop(this::updateReadInterest);
    }

    @Override
    public final void resumeReading() {
        readsPausedByUser = false;
        onLoop(this::updateReadInterest);
    }

    /**
     * Reads while the session is open (or closing: input is then read and dropped, so that closing does not
     * reset the connection over unread bytes), unless the user, a lagging worker or the peer's EOF stopped it.
     * Loop thread.
     */
    private void updateReadInterest() {
        int s = state();
        readInterest((s == OPEN || s == CLOSING) && !readsPausedByUser && !readsPausedForWorker && !inputShutdown);
    }

    /** Whether callbacks run on a worker executor (and inbound bytes must therefore not be reused). */
    protected final boolean hasWorker() {
        return serial != null;
    }

    protected final PkgReader<Object> reader() {
        return reader;
    }

    // ---------------------------------------------------------------- reading

    /** Counts {@code n} bytes read and marks the session active. Loop thread. */
    protected final void bytesRead(int n) {
        BYTES_READ.setOpaque(this, bytesRead + n);
        lastReadNanos = loop.nanoTime();
        LAST_ACTIVE.setOpaque(this, loop.currentTimeMillis());
    }

    /** Whether packets may still be delivered (not closing). */
    protected final boolean delivering() {
        return state() <= OPEN;
    }

    /**
     * The peer closed its output after every complete packet was delivered: close gracefully once the listener
     * has seen them all (with a worker, that is when the worker reaches this point). Loop thread.
     */
    protected final void peerClosed() {
        inputShutdown = true;
        updateReadInterest();
        if (serial == null) {
            closeGracefully();
        } else {
            serial.enqueue(SessionEvent.CLOSE_AFTER_DELIVERY);
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public final WriteFuture writePkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encode(pkg, PendingWrite.PACKET, false);
            return new PendingWrite(this, writtenBytes, failure);
        }
        return submit(new PendingWrite(this, pkg, PendingWrite.PACKET, 0));
    }

    @Override
    public final void sendPkg(Object pkg) {
        if (loop.inLoop()) {
            Throwable failure = encode(pkg, PendingWrite.PACKET, false);
            if (failure != null) {
                sendFailed(failure);
            }
        } else {
            submit(new PendingWrite(this, pkg, PendingWrite.SENT_PACKET, 0));
        }
    }

    /**
     * A packet from {@code sendPkg} could not be accepted. Nobody holds a future for it, so the session fails
     * with why (through {@code onError}), unless it is closing anyway: then {@code onClose} says enough.
     */
    final void sendFailed(Throwable failure) {
        if (state() < CLOSING) {
            fail(failure);
        }
    }

    @Override
    public final WriteFuture writePkg(Object pkg, Duration timeout) {
        long timeoutNanos = timeout.toNanos();
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
        return write(pkg, PendingWrite.PACKET, timeoutNanos);
    }

    @Override
    public final WriteFuture writeBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return write(bytes, PendingWrite.BYTES, 0);
    }

    @Override
    public final WriteFuture writeBytesArray(byte[]... arrays) {
        for (byte[] array : arrays) {
            Objects.requireNonNull(array, "arrays holds null");
        }
        return write(arrays, PendingWrite.BYTES_ARRAY, 0);
    }

    private WriteFuture write(Object item, int kind, long timeoutNanos) {
        PendingWrite write = new PendingWrite(this, item, kind, timeoutNanos);
        if (loop.inLoop()) {
            write.run();
            return write;
        }
        return submit(write);
    }

    private WriteFuture submit(PendingWrite write) {
        int s = state();
        if (s == INITIALIZING || s >= CLOSING) {
            write.refuse(closedForWrites());
        } else {
            long pending = (long) PENDING.getOpaque(this);
            int limit = options.writeBufferLimit();
            if (pending >= limit) {
                write.refuse(new WriteBufferFullException(pending, limit));
            } else if (!loop.offer(write)) {
                write.reject();
            }
        }
        return write;
    }

    /**
     * Encodes one write into {@link #out}. Returns null, or why the write failed (then nothing of it is left
     * in the output). {@code queued} writes were accepted before a {@code close()} and are still sent. Loop thread.
     */
    final Throwable encode(Object item, int kind, boolean queued) {
        int s = state();
        if (s == INITIALIZING || s == CLOSED || s == CLOSING && !queued) {
            return closedForWrites();
        }
        long limit = options.writeBufferLimit();
        long pending = writtenBytes - flushedBytes;
        if (pending >= limit) {
            return new WriteBufferFullException(pending, limit);
        }
        OutboundBuffer o = out;
        if (o == null) {
            o = out = loop.outputPool().acquire(options.writeBufferLimit());
        }
        long mark = o.mark();
        int sizeAtMark = o.size();
        try {
            switch (kind) {
                case PendingWrite.PACKET, PendingWrite.SENT_PACKET -> writer.write(this, item, o);
                case PendingWrite.BYTES -> o.writeBytes((byte[]) item);
                default -> {
                    for (byte[] array : (byte[][]) item) {
                        o.writeBytes(array);
                    }
                }
            }
        } catch (WriteBufferFullException e) {
            takeBack(o, mark, sizeAtMark);
            return e;
        } catch (Throwable t) {
            takeBack(o, mark, sizeAtMark);
            return new EncodeException("the writer of " + this + " failed to encode a "
                    + (item == null ? "null" : item.getClass().getName()), t);
        }
        int added = o.size() - sizeAtMark;
        if (pending + added > limit) {
            takeBack(o, mark, sizeAtMark);
            return new WriteBufferFullException(pending + added, limit);
        }
        writtenBytes += added;
        pending += added;
        PACKETS_WRITTEN.setOpaque(this, packetsWritten + 1);
        PENDING.setOpaque(this, pending);
        if (!flushRequested) {
            flushRequested = true;
            loop.requestFlush(this);
        }
        if (pending > options.waterMarks().high() && writable) {
            writable = false;
            dispatch(SessionEvent.UNWRITABLE);
        }
        return null;
    }

    /** Undoes a failed encoding; a buffer left empty goes back to the pool. */
    private void takeBack(OutboundBuffer o, long mark, int sizeAtMark) {
        o.rollback(mark, sizeAtMark);
        if (o.size() == 0) {
            loop.outputPool().release(o);
            out = null;
        }
    }

    private GettyException closedForWrites() {
        SessionClosedException failure = writeFailure;
        if (failure != null) {
            return failure;
        }
        return state() == INITIALIZING
                ? new GettyException("write to " + this + " before it was set up")
                : new SessionClosedException("write to " + this + " after it was closed");
    }

    /** Bytes appended to the output so far. Loop thread. */
    final long written() {
        return writtenBytes;
    }

    /** 1 if a write ending at byte {@code end} is sent, -1 if it never will be, 0 if not yet. Any thread. */
    final int writeOutcome(long end) {
        boolean closed = state() == CLOSED; // read before the counter: a close publishes the final count
        if ((long) FLUSHED.getAcquire(this) >= end) {
            return 1;
        }
        return closed ? -1 : 0;
    }

    final SessionClosedException writeFailure() {
        return writeFailure;
    }

    /** Completes {@code write}'s future when it is done; any thread. */
    final void watch(PendingWrite write) {
        if (!loop.inLoop()) {
            LoopTask task = new LoopTask() {
                @Override
                public void run() {
                    watch(write);
                }

                @Override
                public void reject() {
                    // The loop stopped, and closed this session as it did: the write is done, one way or the other.
                    if (!write.tryComplete()) {
                        write.fail(new SessionClosedException("the event loop of " + AbstractSession.this
                                + " stopped before the write was sent"));
                    }
                }
            };
            if (!loop.offer(task)) {
                task.reject();
            }
            return;
        }
        if (write.tryComplete() || write.watched || write.end() < 0) {
            return; // done; or watched already; or not encoded yet, and its task will call again
        }
        write.watched = true;
        if (waiters == null) {
            waiters = new WriteWaiters();
        }
        waiters.add(write);
    }

    final void startDeadline(PendingWrite write, long timeoutNanos) {
        loop.schedule(new WriteDeadline(this, write, timeoutNanos), loop.nanoTime() + timeoutNanos);
    }

    @Override
    public final void flush() {
        flushRequested = false;
        if (state() == CLOSED) {
            return;
        }
        OutboundBuffer o = out;
        boolean blocked = false;
        if (o != null) {
            long sent = 0;
            try {
                for (int i = 0; i < FLUSH_ATTEMPTS && o.size() > 0; i++) {
                    long n = writeOut(o);
                    if (n == 0) {
                        blocked = true;
                        break;
                    }
                    sent += n;
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (sent > 0) {
                sent(sent);
            }
            if (o.size() == 0) {
                loop.outputPool().release(o);
                out = null;
            }
        }
        if (out == null) {
            if (writeBlocked) {
                writeBlocked = false;
                writeInterest(false);
            }
            if (closeAfterFlush) {
                doClose(null);
            }
        } else if (blocked) {
            if (!writeBlocked) {
                // The kernel's buffer is full: wait for writability, and start the write timeout's clock.
                writeBlocked = true;
                lastWriteProgressNanos = loop.nanoTime();
                writeInterest(true);
                long timeout = options.writeTimeout().toNanos();
                if (timeout > 0) {
                    timerBy(lastWriteProgressNanos + timeout);
                }
            }
        } else if (!writeBlocked && !flushRequested) {
            // The socket kept taking bytes: the rest goes in the next pass, after the other sessions.
            flushRequested = true;
            loop.requestFlush(this);
        }
    }

    private void sent(long n) {
        BYTES_WRITTEN.setOpaque(this, bytesWritten + n);
        long flushed = flushedBytes + n;
        FLUSHED.setRelease(this, flushed);
        long pending = writtenBytes - flushed;
        PENDING.setOpaque(this, pending);
        lastWriteProgressNanos = loop.nanoTime();
        if (!writable && pending < options.waterMarks().low()) {
            writable = true;
            dispatch(SessionEvent.WRITABLE);
        }
        if (waiters != null && flushed >= waiters.earliestEnd()) {
            waiters.completeDone(false);
        }
    }

    // ---------------------------------------------------------------- timers

    @Override
    protected final void onTimer(long now) {
        if (state() == CLOSED) {
            return;
        }
        if (nextCronNanos <= now) {
            if (state() == OPEN) {
                dispatch(SessionEvent.CRON);
            }
            long period = options.cronPeriod().toNanos();
            nextCronNanos += period;
            if (nextCronNanos <= now) {
                nextCronNanos = now + period; // the loop was held up past a whole period: do not fire twice
            }
        }
        long readTimeout = options.readTimeout().toNanos();
        if (readTimeout > 0 && now - lastReadNanos >= readTimeout) {
            fail(new ReadTimeoutException("no bytes from the peer of " + this + " for " + options.readTimeout()));
            return;
        }
        long writeTimeout = options.writeTimeout().toNanos();
        if (writeTimeout > 0 && writeBlocked && now - lastWriteProgressNanos >= writeTimeout) {
            fail(new WriteTimeoutException("pending output of " + this + " (" + (writtenBytes - flushedBytes)
                    + " bytes) made no progress for " + options.writeTimeout()));
            return;
        }
        rescheduleTimer(now);
    }

    private void rescheduleTimer(long now) {
        long next = nextCronNanos;
        long readTimeout = options.readTimeout().toNanos();
        if (readTimeout > 0) {
            next = Math.min(next, lastReadNanos + readTimeout);
        }
        long writeTimeout = options.writeTimeout().toNanos();
        if (writeTimeout > 0 && writeBlocked) {
            next = Math.min(next, lastWriteProgressNanos + writeTimeout);
        }
        if (next != Long.MAX_VALUE) {
            timerDeadlineNanos = Math.max(next, now);
            loop.schedule(this, timerDeadlineNanos);
        }
    }

    /** Makes sure the timer fires by {@code deadline}. */
    private void timerBy(long deadline) {
        if (!isScheduled() || timerDeadlineNanos > deadline) {
            timerDeadlineNanos = deadline;
            loop.schedule(this, deadline);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public final void close() {
        if (beginClosing()) {
            runOnLoop(this::closeGracefully);
        }
    }

    @Override
    public final void closeNow() {
        beginClosing();
        runOnLoop(() -> doClose(null));
    }

    /** Moves to CLOSING (so later writes fail at once); returns whether this call did. */
    private boolean beginClosing() {
        while (true) {
            int s = state();
            if (s >= CLOSING) {
                return false;
            }
            if (STATE.compareAndSet(this, s, CLOSING)) {
                return true;
            }
        }
    }

    /** Sends what was accepted, then closes. Loop thread. */
    protected final void closeGracefully() {
        if (state() == CLOSED) {
            return;
        }
        beginClosing();
        if (out == null) {
            doClose(null);
        } else {
            closeAfterFlush = true;
            if (!flushRequested) {
                flushRequested = true;
                loop.requestFlush(this);
            }
        }
    }

    /** Fails the session with {@code cause} (reported to {@code onError}) and closes it at once. Any thread. */
    public final void fail(Throwable cause) {
        if (loop.inLoop()) {
            doClose(cause);
        } else {
            runOnLoop(() -> doClose(cause));
        }
    }

    /** Closes at once. Loop thread. */
    protected final void doClose(Throwable cause) {
        int s = state();
        if (s == CLOSED) {
            return;
        }
        if (cause != null) {
            log.debug("{} failed", this, cause);
        }
        writeFailure = cause == null
                ? new SessionClosedException(this + " closed before the write was sent")
                : new SessionClosedException(this + " failed before the write was sent", cause);
        loop.cancel(this);
        closeTransport();
        if (out != null) {
            loop.outputPool().release(out);
            out = null;
        }
        STATE.setVolatile(this, CLOSED);
        if (waiters != null) {
            waiters.completeDone(true);
            waiters = null;
        }
        if (cause != null) {
            dispatch(new ErrorEvent(cause));
        }
        dispatch(SessionEvent.CLOSE);
    }

    /** Runs {@code action} now if on the loop, else as a task on it. */
    private void onLoop(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else {
            runOnLoop(action);
        }
    }

    /** Runs {@code action} on the loop; if the loop has stopped, the session is closed already. */
    private void runOnLoop(Runnable action) {
        try {
            loop.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("{}: the event loop stopped before {} could run", this, action);
        }
    }

    protected final int state() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public final boolean isClosed() {
        return state() >= CLOSING;
    }

    // ---------------------------------------------------------------- SessionSetup

    private void checkSettingUp() {
        if (!settingUp || !loop.inLoop()) {
            throw new IllegalStateException("session options can be set only in the session initializer");
        }
    }

    @Override
    public final SessionSetup codec(PkgHandler<?, ?> codec) {
        Objects.requireNonNull(codec, "codec");
        return reader(codec).writer(codec);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup reader(PkgReader<?> pkgReader) {
        checkSettingUp();
        reader = (PkgReader<Object>) Objects.requireNonNull(pkgReader, "reader");
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup writer(PkgWriter<?> pkgWriter) {
        checkSettingUp();
        writer = (PkgWriter<Object>) Objects.requireNonNull(pkgWriter, "writer");
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup listener(EventListener<?> eventListener) {
        checkSettingUp();
        listener = (EventListener<Object>) Objects.requireNonNull(eventListener, "listener");
        return this;
    }

    @Override
    public final SessionSetup options(SessionOptions sessionOptions) {
        checkSettingUp();
        options = Objects.requireNonNull(sessionOptions, "options");
        return this;
    }

    @Override
    public final SessionSetup cronPeriod(Duration period) {
        return options(options.toBuilder().cronPeriod(period).build());
    }

    @Override
    public final SessionSetup maxMessageLength(int bytes) {
        return options(options.toBuilder().maxMessageLength(bytes).build());
    }

    @Override
    public final SessionSetup readTimeout(Duration timeout) {
        return options(options.toBuilder().readTimeout(timeout).build());
    }

    @Override
    public final SessionSetup writeTimeout(Duration timeout) {
        return options(options.toBuilder().writeTimeout(timeout).build());
    }

    @Override
    public final SessionSetup waterMarks(WaterMarks waterMarks) {
        return options(options.toBuilder().waterMarks(waterMarks).build());
    }

    @Override
    public final SessionSetup writeBufferLimit(int bytes) {
        return options(options.toBuilder().writeBufferLimit(bytes).build());
    }

    @Override
    public final SessionSetup executor(Executor executor) {
        return options(options.toBuilder().executor(executor).build());
    }

    @Override
    public final SessionOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- Session

    @Override
    public final long id() {
        return id;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T attribute(AttributeKey<T> key) {
        ConcurrentHashMap<AttributeKey<?>, Object> map = attributes();
        return map == null ? null : (T) map.get(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T attribute(AttributeKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        ConcurrentHashMap<AttributeKey<?>, Object> map = attributes();
        if (map == null) {
            if (value == null) {
                return null;
            }
            ATTRIBUTES.compareAndSet(this, (ConcurrentHashMap<?, ?>) null, new ConcurrentHashMap<>(4));
            map = attributes();
        }
        return (T) (value == null ? map.remove(key) : map.put(key, value));
    }

    @SuppressWarnings("unchecked")
    private ConcurrentHashMap<AttributeKey<?>, Object> attributes() {
        return (ConcurrentHashMap<AttributeKey<?>, Object>) ATTRIBUTES.getAcquire(this);
    }

    @Override
    public final Instant getActive() {
        return Instant.ofEpochMilli((long) LAST_ACTIVE.getOpaque(this));
    }

    @Override
    public final void updateActive() {
        LAST_ACTIVE.setOpaque(this, System.currentTimeMillis());
    }

    @Override
    public final Duration idleTime() {
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - (long) LAST_ACTIVE.getOpaque(this)));
    }

    @Override
    public final SessionStats stats() {
        return this;
    }

    @Override
    public final long bytesRead() {
        return (long) BYTES_READ.getOpaque(this);
    }

    @Override
    public final long bytesWritten() {
        return (long) BYTES_WRITTEN.getOpaque(this);
    }

    @Override
    public final long packetsRead() {
        return (long) PACKETS_READ.getOpaque(this);
    }

    @Override
    public final long packetsWritten() {
        return (long) PACKETS_WRITTEN.getOpaque(this);
    }

    @Override
    public final int maxMessageLength() {
        return options.maxMessageLength();
    }

    @Override
    public final boolean isWritable() {
        return writable;
    }

    @Override
    public final long pendingWriteBytes() {
        return (long) PENDING.getOpaque(this);
    }

    @Override
    public final ByteBuffer view(ByteBuffer in, int index, int length) {
        if (serial == null) {
            return loop.view(in, index, length);
        }
        return in.duplicate().limit(index + length).position(index);
    }

    public final EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        return "session " + id + " (" + remoteAddress() + ")";
    }
}
