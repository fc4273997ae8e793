package io.getty.core;

import io.getty.core.internal.loop.LoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The event loops that run sessions: each loop is one thread with its own {@code Selector}, task queue
 * and timer wheel, and every session is pinned to one loop for its life. A group can be shared by many
 * servers and clients; one that a server or client creates for itself is closed with it.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><td>threads</td><td>available processors</td></tr>
 *   <tr><td>name</td><td>{@code getty}: threads are named {@code getty-loop-G-N}</td></tr>
 *   <tr><td>read buffer size</td><td>64 KiB, one direct buffer per loop, shared by its sessions</td></tr>
 *   <tr><td>output chunk size</td><td>16 KiB direct chunks that pending output is made of</td></tr>
 *   <tr><td>pooled chunks</td><td>256 per loop (4 MiB); chunks beyond are freed to the garbage collector</td></tr>
 *   <tr><td>timer tick</td><td>10 ms, the resolution of cron and timeouts</td></tr>
 *   <tr><td>select spin threshold</td><td>512 early empty selects in a row before the selector is rebuilt</td></tr>
 * </table>
 */
public interface EventLoopGroup extends AutoCloseable {

    /** A group of {@link Runtime#availableProcessors()} loops. */
    static EventLoopGroup create() {
        return builder().build();
    }

    static EventLoopGroup create(int threads) {
        return builder().threads(threads).build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The number of loops. */
    int size();

    /**
     * Closes every session on the group's loops (their writes not yet sent fail), then stops the loop
     * threads. Idempotent; returns without waiting.
     */
    @Override
    void close();

    boolean isClosed();

    /** Completes when every loop thread has stopped. */
    CompletableFuture<Void> closeFuture();

    /** Waits for {@link #closeFuture()}; returns whether it completed in time. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Builds an {@link EventLoopGroup}; every setter validates its argument. */
    final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private String name = "getty";
        private int readBufferSize = 64 * 1024;
        private int chunkSize = 16 * 1024;
        private int maxPooledChunks = 256;
        private Duration tick = Duration.ofMillis(10);
        private int selectSpinThreshold = 512;

        private Builder() {
        }

        public Builder threads(int n) {
            threads = positive(n, "threads");
            return this;
        }

        public Builder name(String threadNamePrefix) {
            if (threadNamePrefix == null || threadNamePrefix.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            name = threadNamePrefix;
            return this;
        }

        public Builder readBufferSize(int bytes) {
            readBufferSize = atLeast(bytes, 1024, "read buffer size");
            return this;
        }

        public Builder chunkSize(int bytes) {
            chunkSize = atLeast(bytes, 256, "chunk size");
            return this;
        }

        public Builder maxPooledChunks(int chunks) {
            maxPooledChunks = atLeast(chunks, 0, "max pooled chunks");
            return this;
        }

        public Builder tick(Duration duration) {
            if (duration.toMillis() < 1) {
                throw new IllegalArgumentException("tick must be >= 1 ms: " + duration);
            }
            tick = duration;
            return this;
        }

        public Builder selectSpinThreshold(int emptySelects) {
            selectSpinThreshold = positive(emptySelects, "select spin threshold");
            return this;
        }

        public EventLoopGroup build() {
            return new LoopGroup(name, threads, readBufferSize, chunkSize, maxPooledChunks, tick.toNanos(),
                    selectSpinThreshold);
        }

        private static int positive(int v, String what) {
            return atLeast(v, 1, what);
        }

        private static int atLeast(int v, int min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be >= " + min + ": " + v);
            }
            return v;
        }
    }
}
