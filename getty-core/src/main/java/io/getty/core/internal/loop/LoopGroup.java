package io.getty.core.internal.loop;

import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;

/** The {@link EventLoopGroup}: N {@link EventLoop}s, handed out round-robin. */
public final class LoopGroup implements EventLoopGroup {
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();

    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final CompletableFuture<Void> closeFuture;
    private volatile boolean closed;

    public LoopGroup(String name, int threads, int readBufferSize, int chunkSize, int maxPooledChunks,
                     long tickNanos, int spinThreshold) {
        int groupId = GROUP_IDS.incrementAndGet();
        loops = new EventLoop[threads];
        try {
            for (int i = 0; i < threads; i++) {
                loops[i] = new EventLoop(name + "-loop-" + groupId + "-" + i, readBufferSize, chunkSize,
                        maxPooledChunks, tickNanos, spinThreshold);
            }
        } catch (IOException e) {
            throw new GettyException("could not open a selector", e);
        }
        CompletableFuture<?>[] terminations = new CompletableFuture<?>[threads];
        for (int i = 0; i < threads; i++) {
            terminations[i] = loops[i].terminationFuture();
        }
        closeFuture = CompletableFuture.allOf(terminations);
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /** Casts a user's group to the implementation, with a clear error for a foreign one. */
    public static LoopGroup of(EventLoopGroup group) {
        if (group instanceof LoopGroup loopGroup) {
            return loopGroup;
        }
        throw new IllegalArgumentException("not a group made by EventLoopGroup.create or its builder: " + group);
    }

    /** The loop for the next channel. */
    public EventLoop next() {
        if (closed) {
            throw new GettyException("the event loop group is closed");
        }
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    public EventLoop loop(int index) {
        return loops[index];
    }

    @Override
    public int size() {
        return loops.length;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            closeFuture.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup(" + loops.length + " loops" + (closed ? ", closed)" : ")");
    }
}
