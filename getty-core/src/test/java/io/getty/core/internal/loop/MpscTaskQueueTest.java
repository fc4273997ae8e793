package io.getty.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MpscTaskQueueTest {

    private static final class Task extends LoopTask {
        final int producer;
        final int seq;

        Task(int producer, int seq) {
            this.producer = producer;
            this.seq = seq;
        }

        @Override
        public void run() {
        }
    }

    @Test
    void fifoOnOneThread() {
        MpscTaskQueue queue = new MpscTaskQueue();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        for (int round = 0; round < 3; round++) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Task t = new Task(0, i);
                tasks.add(t);
                queue.offer(t);
                assertThat(queue.isEmpty()).isFalse();
            }
            for (Task t : tasks) {
                assertThat(queue.poll()).isSameAs(t);
            }
            assertThat(queue.poll()).isNull();
            assertThat(queue.isEmpty()).as("empty after draining, round %d", round).isTrue();
        }
    }

    @Test
    void aTaskCanBeQueuedAgainAfterItWasPolled() {
        MpscTaskQueue queue = new MpscTaskQueue();
        Task a = new Task(0, 0);
        Task b = new Task(0, 1);
        for (int i = 0; i < 100; i++) {
            queue.offer(a);
            queue.offer(b);
            assertThat(queue.poll()).isSameAs(a);
            assertThat(queue.poll()).isSameAs(b);
            assertThat(queue.poll()).isNull();
        }
        queue.offer(a);
        assertThat(queue.poll()).isSameAs(a);
        queue.offer(b);
        assertThat(queue.poll()).isSameAs(b);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void fourProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
        // The consumer must find the queue empty at least once while the producers run, or the test did not
        // exercise the race; on a loaded machine one round may not, so it takes up to five.
        int emptyPolls = 0;
        for (int round = 0; round < 5 && emptyPolls == 0; round++) {
            emptyPolls = produceAndConsume();
        }
        assertThat(emptyPolls).as("the consumer raced the producers").isPositive();
    }

    /** One round of four producers and the consumer; returns how often the consumer found nothing. */
    private static int produceAndConsume() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        MpscTaskQueue queue = new MpscTaskQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(new Task(id, i));
                }
            }, "producer-" + p);
            t.start();
            threads.add(t);
        }
        int[] next = new int[producers];
        AtomicReference<String> error = new AtomicReference<>();
        int received = 0;
        int emptyPolls = 0;
        start.countDown();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received < producers * perProducer && System.nanoTime() < deadline) {
            LoopTask polled = queue.poll();
            if (polled == null) {
                emptyPolls++;
                Thread.onSpinWait();
                continue;
            }
            Task task = (Task) polled;
            if (task.seq != next[task.producer] && error.get() == null) {
                error.set("producer " + task.producer + ": expected " + next[task.producer] + ", got " + task.seq);
            }
            next[task.producer] = task.seq + 1;
            received++;
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(error.get()).isNull();
        assertThat(received).isEqualTo(producers * perProducer);
        assertThat(next).containsOnly(perProducer);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        return emptyPolls;
    }
}
