package io.getty.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The task queue holds only the tasks still queued: a task it has handed out can be collected. */
@Timeout(60)
class MpscTaskQueueRetentionTest {

    private static final class Task extends LoopTask {
        final int seq;
        final byte[] payload = new byte[1024]; // what a real task holds on to: a packet, a session

        Task(int seq) {
            this.seq = seq;
        }

        @Override
        public void run() {
        }

        @Override
        public String toString() {
            return "task " + seq;
        }
    }

    /** Offers {@code offered} tasks and polls {@code polled} of them; returns weak references to the polled ones. */
    private static List<WeakReference<Task>> offerAndPoll(MpscTaskQueue queue, int offered, int polled) {
        for (int i = 0; i < offered; i++) {
            queue.offer(new Task(i));
        }
        List<WeakReference<Task>> out = new ArrayList<>();
        for (int i = 0; i < polled; i++) {
            LoopTask t = queue.poll();
            assertThat(t).hasToString("task " + i);
            out.add(new WeakReference<>((Task) t));
        }
        return out;
    }

    /**
     * Collects until every one of {@code refs} is cleared; fails if some are still set after several full
     * collections (and skips if explicit collections do not even clear an object nothing holds).
     */
    private static void awaitCollected(List<WeakReference<Task>> refs) throws InterruptedException {
        WeakReference<Object> control = new WeakReference<>(new Object());
        long deadline = System.nanoTime() + 10_000_000_000L;
        int collectionsSinceControl = 0;
        while (refs.stream().anyMatch(r -> r.get() != null)) {
            if (control.get() == null && ++collectionsSinceControl > 10) {
                List<Task> left = refs.stream().map(WeakReference::get).filter(Objects::nonNull)
                        .collect(Collectors.toList());
                throw new AssertionError("polled tasks still reachable after 10 full collections: " + left);
            }
            assumeTrue(System.nanoTime() < deadline, "System.gc() collected nothing: explicit collections seem disabled");
            System.gc();
            Thread.sleep(20);
        }
    }

    // issue 12, defect 3: the queue's stub node kept every task run since the queue was last empty
    @Test
    void tasksPolledFromAQueueThatIsNotEmptyCanBeCollected() throws Exception {
        MpscTaskQueue queue = new MpscTaskQueue();
        List<WeakReference<Task>> polled = offerAndPoll(queue, 8, 5);
        assertThat(queue.isEmpty()).isFalse();
        awaitCollected(polled);
        // The queue still hands out the rest, in order.
        for (int i = 5; i < 8; i++) {
            assertThat(queue.poll()).hasToString("task " + i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    // issue 12, defect 3: the same after the queue went empty once (its stub node is queued again then)
    @Test
    void tasksPolledAfterTheQueueWasOnceEmptyCanBeCollected() throws Exception {
        MpscTaskQueue queue = new MpscTaskQueue();
        offerAndPoll(queue, 3, 3);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        List<WeakReference<Task>> polled = offerAndPoll(queue, 8, 5);
        assertThat(queue.isEmpty()).isFalse();
        awaitCollected(polled);
    }
}
