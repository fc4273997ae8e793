package io.getty.benchmarks.jmh;

import io.getty.core.internal.loop.LoopTask;
import io.getty.core.internal.loop.MpscTaskQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The event loop's MPSC task queue: an offer and a poll on one thread (the queue's own cost: the node is the
 * task, so nothing is allocated), and one producer thread feeding the consumer, the way another thread
 * hands work to a loop (there each task is a new object: the producer allocates it).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TaskQueueBenchmark {
    private final MpscTaskQueue queue = new MpscTaskQueue();
    private final Task reused = new Task();
    /** Keeps the producer at most this many tasks ahead, so the queue cannot grow without bound. */
    private static final long MAX_BACKLOG = 1 << 16;
    private long produced;
    private volatile long consumed;

    @Benchmark
    @Group("sameThread")
    public LoopTask offerThenPoll() {
        queue.offer(reused);
        return queue.poll();
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void produce(Control control) {
        while (produced - consumed > MAX_BACKLOG) {
            if (control.stopMeasurement) {
                return; // the consumer has stopped for this iteration
            }
            Thread.onSpinWait();
        }
        produced++;
        queue.offer(new Task());
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public LoopTask consume() {
        LoopTask task = queue.poll();
        if (task != null) {
            task.run();
            consumed = consumed + 1; // the only writer
        }
        return task;
    }

    static final class Task extends LoopTask {
        @Override
        public void run() {
        }
    }
}
