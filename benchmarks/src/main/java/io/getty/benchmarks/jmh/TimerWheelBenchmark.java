package io.getty.benchmarks.jmh;

import io.getty.core.internal.loop.TimerNode;
import io.getty.core.internal.loop.TimerWheel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop's timer wheel with {@code timers} session timers scheduled (as with that many sessions):
 * scheduling and cancelling one (a write timeout armed and disarmed), and the expiry of one tick's worth of
 * cron timers that reschedule themselves. Synthetic time, so nothing waits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TimerWheelBenchmark {
    private static final long TICK = 10_000_000L;
    private static final long CRON_PERIOD = 60_000_000_000L;

    @Param({"10000"})
    int timers;

    private TimerWheel wheel;
    private CronTimer[] crons;
    private TimerNode probe;
    private final SplittableRandom random = new SplittableRandom(42);
    private long now;

    @Setup
    public void setUp() {
        now = 0;
        wheel = new TimerWheel(TICK, 512, now);
        crons = new CronTimer[timers];
        for (int i = 0; i < timers; i++) {
            crons[i] = new CronTimer();
            wheel.schedule(crons[i], now + 1 + random.nextLong(CRON_PERIOD));
        }
        probe = new CronTimer();
    }

    @Benchmark
    public int scheduleAndCancel() {
        wheel.schedule(probe, now + 1 + random.nextLong(CRON_PERIOD));
        wheel.cancel(probe);
        return wheel.size();
    }

    /** One tick of time passing: expires the cron timers due (timers / 6000 on average) and reschedules them. */
    @Benchmark
    public long tick() {
        now += TICK;
        wheel.expire(now);
        return wheel.nextDeadlineNanos();
    }

    private final class CronTimer extends TimerNode {
        @Override
        protected void onTimer(long nowNanos) {
            wheel.schedule(this, nowNanos + CRON_PERIOD);
        }
    }
}
