package io.getty.core.internal.session;

import io.getty.core.AttributeKey;
import io.getty.core.SessionSetup;
import io.getty.core.SessionStats;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.TimerNode;
import io.getty.core.internal.seam.SessionIo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a session is, whatever it does: its identity, its config (set up by the initializer), its attributes,
 * its counters and activity time, and the state word that other threads read.
 *
 * <p>A session's jobs are split over a short chain of classes, so that an idle session is still one object:
 * this one; {@link ConfigurableSession}, what the initializer sets; {@link SessionOutput}, flushing, counts and
 * write futures; {@link SessionWrites}, the write calls and encoding; {@link SessionReads}, the read gate and the
 * decoders; and {@link GettySession}, the life cycle and timers. The session is also its own timer node
 * (handshake deadline, cron, close deadline). An idle session is 112 bytes (compressed references).
 */
public abstract class SessionCore extends TimerNode implements SessionSetup, SessionStats {
    // The life cycle, in the low bits of the state word; only forward.
    static final int INITIALIZING = 0; // the initializer runs
    static final int HANDSHAKING = 1;  // layers open (TLS handshake, WebSocket upgrade)
    static final int OPENING = 2;      // onOpen dispatched, not yet returned
    static final int OPEN = 3;
    static final int CLOSING = 4;      // close asked for: no new writes, no more packets; output still sent
    static final int CLOSED = 5;
    static final int LIFECYCLE = 7;
    /** In the state word: the pending output passed the high water mark and has not yet dropped below the low. */
    static final int UNWRITABLE = 8;

    // Flags, loop thread only.
    static final int FLUSH_QUEUED = 1;       // in the loop's flush queue
    static final int CLOSE_AFTER_FLUSH = 1 << 1;
    static final int SETTING_UP = 1 << 2;    // the initializer runs: the setup setters are allowed
    static final int OPENED = 1 << 3;        // onOpen returned (callbacks on the loop)
    static final int SHUTTING_DOWN = 1 << 4; // the io's part of a graceful close is under way
    static final int PAUSED_BY_USER = 1 << 5;
    static final int PAUSED_FOR_WORKER = 1 << 6;
    static final int INPUT_ENDED = 1 << 7;   // the peer's EOF
    static final int HELD_BY_LAYER = 1 << 8; // a layer waits (a delegated task runs)
    static final int READING = 1 << 9;       // inside a read event: output is flushed when it ends
    static final int WROTE_IN_READ = 1 << 10;
    static final int FRAMED = 1 << 11;       // the io frames packets (SessionIo.framesPackets)
    static final int FAILED = 1 << 12;       // a failure is being closed: nothing more is flushed
    static final int REPORTED = 1 << 13;     // the owner was told the session opened, or was refused
    static final int DRAINING = 1 << 14;     // failed gracefully: input is read and dropped until the peer's end
    static final int READ_GATE = PAUSED_BY_USER | PAUSED_FOR_WORKER | INPUT_ENDED | HELD_BY_LAYER;

    private static final AtomicLong IDS = new AtomicLong();
    /** Wall-clock nanoseconds minus {@link System#nanoTime()}, once: activity is kept on the monotonic clock. */
    private static final long WALL_MINUS_NANO = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private static final VarHandle STATE;
    private static final VarHandle LAST_ACTIVE;
    private static final VarHandle BYTES_READ;
    private static final VarHandle PACKETS_READ;
    private static final VarHandle PACKETS_WRITTEN;
    private static final VarHandle ATTRIBUTES;
    /** Where a closed session keeps why (a write's future may ask after the close). */
    static final AttributeKey<Throwable> CLOSE_CAUSE = AttributeKey.of("getty.closeCause");

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(SessionCore.class, "state", int.class);
            LAST_ACTIVE = lookup.findVarHandle(SessionCore.class, "lastActiveNanos", long.class);
            BYTES_READ = lookup.findVarHandle(SessionCore.class, "bytesRead", long.class);
            PACKETS_READ = lookup.findVarHandle(SessionCore.class, "packetsRead", long.class);
            PACKETS_WRITTEN = lookup.findVarHandle(SessionCore.class, "packetsWritten", long.class);
            ATTRIBUTES = lookup.findVarHandle(SessionCore.class, "attributes", ConcurrentHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoop loop;
    private final long id;
    SessionConfig config;
    /** What lies below: the transport, or a layer stack over it. Set before the initializer runs. */
    SessionIo io;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    int flags;
    /** This session's index in its owner's {@link SessionList}, -1 when not listed. */
    int listIndex = -1;
    @SuppressWarnings("unused") // accessed through ATTRIBUTES
    private volatile ConcurrentHashMap<AttributeKey<?>, Object> attributes;
    // Written by the loop only; read from any thread through opaque loads.
    private long lastActiveNanos;
    private long bytesRead;
    private long packetsRead;
    private long packetsWritten;

    SessionCore(EventLoop loop, SessionConfig config) {
        this.loop = loop;
        this.config = config;
        this.id = IDS.incrementAndGet();
        LAST_ACTIVE.setOpaque(this, System.nanoTime());
    }

    // ---------------------------------------------------------------- state

    final int lifecycle() {
        return (int) STATE.getVolatile(this) & LIFECYCLE;
    }

    final int stateWord() {
        return (int) STATE.getVolatile(this);
    }

    /** Moves the life cycle from {@code from} to {@code to}, keeping the other bits; returns whether it did. */
    final boolean transition(int from, int to) {
        while (true) {
            int word = stateWord();
            if ((word & LIFECYCLE) != from) {
                return false;
            }
            if (STATE.compareAndSet(this, word, (word & ~LIFECYCLE) | to)) {
                return true;
            }
        }
    }

    /** Moves the life cycle forward to {@code to} from any earlier state; returns whether it moved. */
    final boolean advanceTo(int to) {
        while (true) {
            int word = stateWord();
            if ((word & LIFECYCLE) >= to) {
                return false;
            }
            if (STATE.compareAndSet(this, word, (word & ~LIFECYCLE) | to)) {
                return true;
            }
        }
    }

    /** Sets or clears {@link #UNWRITABLE}; returns whether it changed. Loop thread. */
    final boolean unwritable(boolean on) {
        while (true) {
            int word = stateWord();
            boolean is = (word & UNWRITABLE) != 0;
            if (is == on) {
                return false;
            }
            if (STATE.compareAndSet(this, word, on ? word | UNWRITABLE : word & ~UNWRITABLE)) {
                return true;
            }
        }
    }

    final boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    final void setFlag(int flag) {
        flags |= flag;
    }

    final void clearFlag(int flag) {
        flags &= ~flag;
    }

    @Override
    public final boolean isClosed() {
        return lifecycle() >= CLOSING;
    }

    /** Whether the session is open: its {@code onOpen} returned and it is not closing. Any thread. */
    public final boolean isOpen() {
        return lifecycle() == OPEN;
    }

    @Override
    public final boolean isWritable() {
        return (stateWord() & UNWRITABLE) == 0;
    }

    // ---------------------------------------------------------------- counters and activity

    /** Marks the session active at the loop's clock. Loop thread. */
    final void activeNow() {
        LAST_ACTIVE.setOpaque(this, loop.nanoTime());
    }

    final void activeAt(long nanos) {
        LAST_ACTIVE.setOpaque(this, nanos);
    }

    final long lastActiveNanos() {
        return (long) LAST_ACTIVE.getOpaque(this);
    }

    final void countRead(long bytes) {
        BYTES_READ.setOpaque(this, bytesRead + bytes);
    }

    final void countPacketRead() {
        PACKETS_READ.setOpaque(this, packetsRead + 1);
    }

    final void countPacketWritten() {
        PACKETS_WRITTEN.setOpaque(this, packetsWritten + 1);
    }

    @Override
    public final Instant getActive() {
        return Instant.EPOCH.plusNanos(WALL_MINUS_NANO + lastActiveNanos());
    }

    @Override
    public final void updateActive() {
        LAST_ACTIVE.setOpaque(this, System.nanoTime());
    }

    @Override
    public final Duration idleTime() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - lastActiveNanos()));
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
    public final long packetsRead() {
        return (long) PACKETS_READ.getOpaque(this);
    }

    @Override
    public final long packetsWritten() {
        return (long) PACKETS_WRITTEN.getOpaque(this);
    }

    // ---------------------------------------------------------------- identity and attributes

    @Override
    public final long id() {
        return id;
    }

    public final EventLoop loop() {
        return loop;
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
    public final SocketAddress localAddress() {
        SessionIo i = io;
        return i == null ? null : i.localAddress();
    }

    @Override
    public final SocketAddress remoteAddress() {
        SessionIo i = io;
        return i == null ? null : i.remoteAddress();
    }

    @Override
    public String toString() {
        return "session " + id + " (" + remoteAddress() + ")";
    }
}
