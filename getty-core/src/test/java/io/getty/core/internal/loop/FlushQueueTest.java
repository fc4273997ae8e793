package io.getty.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop's flush queue: flushes asked for during the end-of-pass flushes run in the next pass. */
class FlushQueueTest {

    /**
     * A thousand sessions flush at the end of a pass and each asks for one more flush (it had more than one
     * write quantum): the queue grows while it is being flushed, and every second flush still runs, once.
     */
    @Test
    void flushesAskedForWhileTheQueueGrowsDuringFlushingAllRunOnce() throws Exception {
        int n = 1000;
        EventLoopGroup group = EventLoopGroup.builder().threads(1).build();
        try {
            EventLoop loop = LoopGroup.of(group).next();
            AtomicInteger[] counts = new AtomicInteger[2 * n];
            CountDownLatch all = new CountDownLatch(2 * n);
            Flushable[] seconds = new Flushable[n];
            Flushable[] firsts = new Flushable[n];
            for (int i = 0; i < 2 * n; i++) {
                counts[i] = new AtomicInteger();
            }
            for (int i = 0; i < n; i++) {
                int first = i;
                int second = n + i;
                seconds[i] = () -> {
                    counts[second].incrementAndGet();
                    all.countDown();
                };
                firsts[i] = () -> {
                    counts[first].incrementAndGet();
                    all.countDown();
                    loop.requestFlush(seconds[first]);
                };
            }
            loop.execute(() -> {
                for (Flushable f : firsts) {
                    loop.requestFlush(f);
                }
            });
            assertThat(all.await(10, TimeUnit.SECONDS)).as("every flush ran").isTrue();
            CountDownLatch pass = new CountDownLatch(1);
            loop.execute(pass::countDown); // one more pass: nothing runs twice
            assertThat(pass.await(10, TimeUnit.SECONDS)).as("the loop still runs").isTrue();
            for (AtomicInteger c : counts) {
                assertThat(c.get()).isEqualTo(1);
            }
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(10));
        }
    }
}
