package io.getty.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TimerWheel} driven by synthetic nanoTime values. */
@Timeout(60)
class TimerWheelTest {
    private static final long TICK = 10_000_000L; // 10 ms
    private static final int BUCKETS = 8; // one rotation is 80 ms: small, so that deadlines wrap
    private static final long ORIGIN = -1_234_567_890L; // nanoTime may be negative

    private final TimerWheel wheel = new TimerWheel(TICK, BUCKETS, ORIGIN);

    /** What went wrong inside onTimer: the wheel logs and swallows what a timer throws, so it is kept here. */
    private final List<Throwable> failures = new ArrayList<>();

    /** A timer that records when it fired and may act. */
    private final class Probe extends TimerNode {
        final String name;
        final List<Long> fired = new ArrayList<>();
        LongConsumer action = now -> { };

        Probe(String name) {
            this.name = name;
        }

        @Override
        protected void onTimer(long nowNanos) {
            fired.add(nowNanos);
            try {
                action.accept(nowNanos);
            } catch (Throwable t) {
                failures.add(t);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @org.junit.jupiter.api.AfterEach
    void noFailureInsideATimer() {
        assertThat(failures).isEmpty();
    }

    private static long ms(long millis) {
        return ORIGIN + millis * 1_000_000L;
    }

    @Test
    void firesAtTheFirstTickAtOrAfterItsDeadlineNeverEarly() {
        List<Probe> probes = new ArrayList<>();
        List<Long> deadlines = new ArrayList<>();
        for (long d = 0; d <= 300; d += 7) { // 7 ms steps: deadlines on and between ticks
            for (long extraNanos : new long[] {0, 1, 999_999}) {
                Probe p = new Probe("d" + d + "+" + extraNanos);
                long deadline = ms(d) + extraNanos;
                wheel.schedule(p, deadline);
                probes.add(p);
                deadlines.add(deadline);
            }
        }
        assertThat(wheel.size()).isEqualTo(probes.size());
        for (long t = 0; t <= 400; t++) { // the loop wakes every millisecond
            wheel.expire(ms(t));
        }
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            long deadline = deadlines.get(i);
            long due = ORIGIN + Math.max(1, -Math.floorDiv(-(deadline - ORIGIN), TICK)) * TICK;
            assertThat(p.fired).as("%s fires once", p).hasSize(1);
            long at = p.fired.get(0);
            assertThat(at).as("%s never early", p).isGreaterThanOrEqualTo(deadline);
            assertThat(at).as("%s at the first tick boundary at or after its deadline", p).isEqualTo(due);
        }
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCancelledTimerNeverFires() {
        Probe kept = new Probe("kept");
        Probe cancelled = new Probe("cancelled");
        wheel.schedule(kept, ms(30));
        wheel.schedule(cancelled, ms(30));
        assertThat(cancelled.isScheduled()).isTrue();
        wheel.cancel(cancelled);
        wheel.cancel(cancelled); // twice is harmless
        assertThat(cancelled.isScheduled()).isFalse();
        assertThat(wheel.size()).isEqualTo(1);
        wheel.expire(ms(1000));
        assertThat(kept.fired).hasSize(1);
        assertThat(cancelled.fired).isEmpty();
        assertThat(wheel.size()).isZero();
    }

    @Test
    void reschedulingMovesTheTimer() {
        Probe p = new Probe("p");
        wheel.schedule(p, ms(20));
        wheel.schedule(p, ms(200));
        assertThat(wheel.size()).isEqualTo(1);
        wheel.expire(ms(100));
        assertThat(p.fired).isEmpty();
        wheel.expire(ms(200));
        assertThat(p.fired).containsExactly(ms(200));
    }

    @Test
    void aTimerThatReschedulesItselfInsideOnTimerFiresOncePerExpiry() {
        Probe periodic = new Probe("periodic");
        // Even a deadline in the past (now) must wait for the next tick, or one expire call would loop forever.
        periodic.action = now -> wheel.schedule(periodic, now);
        wheel.schedule(periodic, ms(10));
        for (long t = 0; t <= 100; t += 10) {
            wheel.expire(ms(t));
        }
        assertThat(periodic.fired).containsExactly(ms(10), ms(20), ms(30), ms(40), ms(50), ms(60), ms(70), ms(80),
                ms(90), ms(100));
        assertThat(periodic.isScheduled()).isTrue();
        assertThat(wheel.size()).isEqualTo(1);
    }

    @Test
    void aTimerThatCancelsAnotherDueInTheSameBucket() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        a.action = now -> wheel.cancel(b);
        b.action = now -> wheel.cancel(a);
        wheel.schedule(a, ms(50));
        wheel.schedule(b, ms(50));
        wheel.expire(ms(60));
        assertThat(a.fired.size() + b.fired.size()).as("whichever fires first cancels the other").isEqualTo(1);
        assertThat(wheel.size()).isZero();
        assertThat(a.isScheduled() || b.isScheduled()).isFalse();
        wheel.expire(ms(1000));
        assertThat(a.fired.size() + b.fired.size()).isEqualTo(1);
    }

    @Test
    void aTimerThatPostponesAnotherDueNow() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        a.action = now -> wheel.schedule(b, now + 35 * 1_000_000L);
        b.action = now -> wheel.schedule(a, now + 35 * 1_000_000L);
        wheel.schedule(a, ms(40));
        wheel.schedule(b, ms(40));
        wheel.expire(ms(40));
        assertThat(a.fired.size() + b.fired.size()).isEqualTo(1);
        Probe first = a.fired.isEmpty() ? b : a;
        Probe second = first == a ? b : a;
        wheel.expire(ms(70));
        assertThat(second.fired).as("postponed to 75 ms").isEmpty();
        wheel.expire(ms(80));
        assertThat(second.fired).containsExactly(ms(80));
    }

    @Test
    void deadlinesBeyondOneRotationWaitForTheirRound() {
        Probe far = new Probe("far");
        Probe farther = new Probe("farther");
        wheel.schedule(far, ms(1000)); // 100 ticks: 12.5 rotations
        wheel.schedule(farther, ms(5000));
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(ms(1000));
        for (long t = 1; t < 1000; t++) {
            wheel.expire(ms(t));
            assertThat(far.fired).as("at %d ms", t).isEmpty();
        }
        wheel.expire(ms(1000));
        assertThat(far.fired).containsExactly(ms(1000));
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(ms(5000));
        wheel.expire(ms(4999)); // a jump of many rotations at once
        assertThat(farther.fired).isEmpty();
        wheel.expire(ms(5003));
        assertThat(farther.fired).containsExactly(ms(5003));
    }

    @Test
    void aJumpPastManyRotationsFiresEverythingDueAndNothingElse() {
        List<Probe> due = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Probe p = new Probe("due" + i);
            wheel.schedule(p, ms(13L * i + 1));
            due.add(p);
        }
        Probe later = new Probe("later");
        wheel.schedule(later, ms(2000));
        wheel.expire(ms(1000));
        for (Probe p : due) {
            assertThat(p.fired).as("%s", p).containsExactly(ms(1000));
        }
        assertThat(later.fired).isEmpty();
        assertThat(wheel.size()).isEqualTo(1);
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(ms(2000));
    }

    @Test
    void nextDeadlineIsALowerBoundAndLiesAfterTheTimeLastExpired() {
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        wheel.schedule(a, ms(25));
        wheel.schedule(b, ms(300));
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(ms(30));
        wheel.cancel(a);
        assertThat(wheel.nextDeadlineNanos()).as("a stale bound is still a lower bound").isLessThanOrEqualTo(ms(300));
        wheel.expire(ms(31));
        assertThat(wheel.nextDeadlineNanos()).as("recomputed once the stale bound passed").isEqualTo(ms(300));
        wheel.cancel(b);
        assertThat(wheel.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    /** Random schedules, cancels, reschedules (also from inside onTimer) and time steps, against a model. */
    @Test
    void randomOperationsAgainstAModel() {
        Random random = new Random(12345);
        Map<Probe, Long> modelTick = new HashMap<>(); // scheduled timer -> the tick it is due at
        Map<Probe, Long> modelDeadline = new HashMap<>();
        List<Probe> all = new ArrayList<>();
        long[] processed = {0};
        long[] now = {ORIGIN};
        long[] expiring = {Long.MIN_VALUE}; // the tick being expired, while expire runs
        int fires = 0;

        class Ops {
            void schedule(Probe p, long deadline) {
                wheel.schedule(p, deadline);
                long tick = Math.max(-Math.floorDiv(-(deadline - ORIGIN), TICK), processed[0] + 1);
                modelTick.put(p, tick);
                modelDeadline.put(p, deadline);
            }

            void cancel(Probe p) {
                wheel.cancel(p);
                modelTick.remove(p);
                modelDeadline.remove(p);
            }

            long randomDelay() {
                return switch (random.nextInt(5)) {
                    case 0 -> -below(TICK); // already past
                    case 1 -> below(TICK);
                    case 2, 3 -> below(BUCKETS * TICK);
                    default -> below(40 * BUCKETS * TICK); // many rotations ahead
                };
            }

            long below(long bound) {
                return Math.floorMod(random.nextLong(), bound);
            }
        }
        Ops ops = new Ops();
        for (int i = 0; i < 300; i++) {
            Probe p = new Probe("t" + i);
            int kind = random.nextInt(4);
            p.action = firedAt -> {
                assertThat(firedAt).as("%s never early", p).isGreaterThanOrEqualTo(modelDeadline.get(p));
                assertThat(modelTick.get(p)).as("%s was due", p).isLessThanOrEqualTo(expiring[0]);
                modelTick.remove(p);
                modelDeadline.remove(p);
                assertThat(p.isScheduled()).isFalse();
                switch (kind) {
                    case 0 -> ops.schedule(p, firedAt + ops.randomDelay()); // periodic-ish
                    case 1 -> {
                        Probe other = all.get(random.nextInt(all.size()));
                        if (other != p) {
                            ops.cancel(other);
                        }
                    }
                    case 2 -> {
                        Probe other = all.get(random.nextInt(all.size()));
                        if (other != p) {
                            ops.schedule(other, firedAt + ops.randomDelay());
                        }
                    }
                    default -> { }
                }
            };
            all.add(p);
        }
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            Probe p = all.get(random.nextInt(all.size()));
            if (op < 3) {
                ops.schedule(p, now[0] + ops.randomDelay());
            } else if (op < 4) {
                ops.cancel(p);
            } else {
                long advance = random.nextInt(20) == 0 ? ops.below(30 * BUCKETS * TICK) : ops.below(2 * TICK);
                now[0] += advance;
                long nowTick = Math.floorDiv(now[0] - ORIGIN, TICK);
                processed[0] = Math.max(processed[0], nowTick);
                expiring[0] = nowTick;
                int before = totalFires(all);
                wheel.expire(now[0]);
                assertThat(failures).as("assertions inside onTimer").isEmpty();
                fires += totalFires(all) - before;
                expiring[0] = Long.MIN_VALUE;
                for (Map.Entry<Probe, Long> e : modelTick.entrySet()) {
                    assertThat(e.getValue()).as("%s is due at %d ms and did not fire", e.getKey(), nowTick)
                            .isGreaterThan(nowTick);
                }
                if (wheel.size() > 0) {
                    assertThat(wheel.nextDeadlineNanos()).as("after expire, the next deadline lies ahead")
                            .isGreaterThan(now[0]);
                }
            }
            assertThat(wheel.size()).isEqualTo(modelTick.size());
            for (Probe q : modelTick.keySet()) {
                assertThat(q.isScheduled()).isTrue();
            }
            if (!modelTick.isEmpty()) {
                long earliest = modelTick.values().stream().mapToLong(Long::longValue).min().getAsLong();
                assertThat(wheel.nextDeadlineNanos()).as("a lower bound of the earliest due tick")
                        .isLessThanOrEqualTo(ORIGIN + earliest * TICK);
            } else {
                assertThat(wheel.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
            }
        }
        assertThat(fires).as("the run exercised firing").isGreaterThan(2000);
    }

    private static int totalFires(List<Probe> probes) {
        int n = 0;
        for (Probe p : probes) {
            n += p.fired.size();
        }
        return n;
    }
}
