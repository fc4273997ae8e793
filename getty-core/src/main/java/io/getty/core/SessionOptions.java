package io.getty.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The per-session options, with their defaults. Immutable: a server or client holds one for all its
 * sessions, and a {@link SessionSetup} copies it only when a session changes one.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #cronPeriod()}</td><td>60 s (Getty's)</td>
 *       <td>how often {@link EventListener#onCron} is called; zero turns it off</td></tr>
 *   <tr><td>{@link #maxMessageLength()}</td><td>1 MiB</td>
 *       <td>the largest inbound packet; a longer one is a {@link FrameTooLongException}</td></tr>
 *   <tr><td>{@link #readTimeout()}</td><td>0 (off)</td>
 *       <td>close with {@link ReadTimeoutException} when no byte arrives for this long</td></tr>
 *   <tr><td>{@link #writeTimeout()}</td><td>30 s</td>
 *       <td>close with {@link WriteTimeoutException} when pending output makes no progress for this long</td></tr>
 *   <tr><td>{@link #waterMarks()}</td><td>32 KiB / 64 KiB</td>
 *       <td>pending-output levels of {@link Session#isWritable()}</td></tr>
 *   <tr><td>{@link #writeBufferLimit()}</td><td>4 MiB</td>
 *       <td>pending output past which a write fails at once with {@link WriteBufferFullException}</td></tr>
 *   <tr><td>{@link #executor()}</td><td>none</td>
 *       <td>run callbacks on this executor, per session in order, instead of on the event loop</td></tr>
 *   <tr><td>{@link #closeTimeout()}</td><td>3 s</td>
 *       <td>how long a graceful close waits for the peer, once the output is sent: for the layers' goodbyes
 *       (TLS {@code close_notify}, a WebSocket close frame) and for its end of stream; then it closes anyway</td></tr>
 *   <tr><td>{@link #maxQueuedMessages()}</td><td>1024</td>
 *       <td>with an executor: packets waiting for it past which the session stops reading until it catches up</td></tr>
 * </table>
 */
public final class SessionOptions {

    public static final SessionOptions DEFAULT = builder().build();

    /**
     * The longest period or timeout accepted: 100 years. Anything longer is refused by the builder with an
     * {@link IllegalArgumentException} rather than silently overflowing the nanosecond clock a session uses;
     * use zero to turn a timeout off.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private final Duration cronPeriod;
    private final int maxMessageLength;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final WaterMarks waterMarks;
    private final int writeBufferLimit;
    private final Executor executor;
    private final int maxQueuedMessages;
    private final Duration closeTimeout;
    // The durations in nanoseconds, as the session's timers use them (validated to fit).
    private final long cronNanos;
    private final long readTimeoutNanos;
    private final long writeTimeoutNanos;

    private SessionOptions(Builder b) {
        this.cronPeriod = b.cronPeriod;
        this.maxMessageLength = b.maxMessageLength;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.waterMarks = b.waterMarks;
        this.writeBufferLimit = b.writeBufferLimit;
        this.executor = b.executor;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.closeTimeout = b.closeTimeout;
        this.cronNanos = cronPeriod.toNanos();
        this.readTimeoutNanos = readTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        if (writeBufferLimit < waterMarks.high()) {
            throw new IllegalArgumentException("write buffer limit (" + writeBufferLimit
                    + ") must be >= the high water mark (" + waterMarks.high() + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Duration cronPeriod() {
        return cronPeriod;
    }

    public int maxMessageLength() {
        return maxMessageLength;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    public WaterMarks waterMarks() {
        return waterMarks;
    }

    public int writeBufferLimit() {
        return writeBufferLimit;
    }

    /** The worker executor, or {@code null} when callbacks run on the event loop. */
    public Executor executor() {
        return executor;
    }

    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** How long a graceful close waits for the peer once the output is sent; see the table above. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** {@link #cronPeriod()} in nanoseconds, 0 for none. */
    public long cronNanos() {
        return cronNanos;
    }

    /** {@link #readTimeout()} in nanoseconds, 0 for none. */
    public long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    /** {@link #writeTimeout()} in nanoseconds, 0 for none. */
    public long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    @Override
    public String toString() {
        return "SessionOptions{cronPeriod=" + cronPeriod + ", maxMessageLength=" + maxMessageLength
                + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout + ", waterMarks=" + waterMarks
                + ", writeBufferLimit=" + writeBufferLimit + ", executor=" + executor
                + ", maxQueuedMessages=" + maxQueuedMessages + ", closeTimeout=" + closeTimeout + '}';
    }

    /** Builds {@link SessionOptions}; every setter validates its argument. */
    public static final class Builder {
        private Duration cronPeriod = Duration.ofSeconds(60);
        private int maxMessageLength = 1024 * 1024;
        private Duration readTimeout = Duration.ZERO;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private WaterMarks waterMarks = WaterMarks.DEFAULT;
        private int writeBufferLimit = 4 * 1024 * 1024;
        private Executor executor;
        private int maxQueuedMessages = 1024;
        private Duration closeTimeout = Duration.ofSeconds(3);

        private Builder() {
        }

        private Builder(SessionOptions o) {
            cronPeriod = o.cronPeriod;
            maxMessageLength = o.maxMessageLength;
            readTimeout = o.readTimeout;
            writeTimeout = o.writeTimeout;
            waterMarks = o.waterMarks;
            writeBufferLimit = o.writeBufferLimit;
            executor = o.executor;
            maxQueuedMessages = o.maxQueuedMessages;
            closeTimeout = o.closeTimeout;
        }

        /** Zero turns cron off; at most {@link #MAX_DURATION}. */
        public Builder cronPeriod(Duration period) {
            cronPeriod = checkDuration(period, "cron period");
            return this;
        }

        public Builder maxMessageLength(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max message length must be > 0: " + bytes);
            }
            maxMessageLength = bytes;
            return this;
        }

        /**
         * Zero turns the read timeout off; at most {@link #MAX_DURATION}. The clock runs only while the session
         * reads: not while reading is paused ({@link Session#pauseReading()}, or a worker executor that fell
         * behind).
         */
        public Builder readTimeout(Duration timeout) {
            readTimeout = checkDuration(timeout, "read timeout");
            return this;
        }

        /**
         * Zero turns the write timeout off (pending output may then wait forever for a peer that never reads); at
         * most {@link #MAX_DURATION}.
         */
        public Builder writeTimeout(Duration timeout) {
            writeTimeout = checkDuration(timeout, "write timeout");
            return this;
        }

        public Builder waterMarks(WaterMarks marks) {
            waterMarks = Objects.requireNonNull(marks, "waterMarks");
            return this;
        }

        public Builder writeBufferLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("write buffer limit must be > 0: " + bytes);
            }
            writeBufferLimit = bytes;
            return this;
        }

        /** {@code null} runs callbacks on the event loop. */
        public Builder executor(Executor workerExecutor) {
            executor = workerExecutor;
            return this;
        }

        public Builder maxQueuedMessages(int messages) {
            if (messages <= 0) {
                throw new IllegalArgumentException("max queued messages must be > 0: " + messages);
            }
            maxQueuedMessages = messages;
            return this;
        }

        /**
         * How long a graceful close waits for the peer once the output is sent (its goodbye, its end of stream);
         * zero closes as soon as the output is sent. At most {@link #MAX_DURATION}.
         */
        public Builder closeTimeout(Duration timeout) {
            closeTimeout = checkDuration(timeout, "close timeout");
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(this);
        }

        private static Duration checkDuration(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must be >= 0: " + d);
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(what + " must be at most " + MAX_DURATION.toDays()
                        + " days (0 turns it off): " + d);
            }
            return d;
        }
    }
}
