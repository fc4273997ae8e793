package io.getty.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a client connects again after a connect failed or a session was lost: Getty's reconnect interval, grown
 * exponentially with each failure in a row up to a cap, with jitter so that many clients of one server do not
 * come back in step, and an optional limit on attempts. Immutable.
 *
 * <table>
 *   <caption>Defaults ({@link #DEFAULT})</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #interval()}</td><td>300 ms (Getty's)</td><td>the wait before the first retry</td></tr>
 *   <tr><td>{@link #maxInterval()}</td><td>30 s</td><td>the cap the wait doubles up to, failure after failure</td></tr>
 *   <tr><td>{@link #jitter()}</td><td>0.2</td><td>each wait is shortened by a random part up to this fraction</td></tr>
 *   <tr><td>{@link #maxAttempts()}</td><td>0 (no limit)</td><td>failed attempts in a row after which the client gives up on
 *       that connection</td></tr>
 * </table>
 *
 * <p>Every {@code with} method gives a policy that reconnects, with the one setting changed and the others as
 * they were; on {@link #never()}, whose settings are the defaults', it gives the defaults with that one setting
 * changed ({@code never().withMaxAttempts(5)} is {@code DEFAULT.withMaxAttempts(5)}).
 */
public final class Reconnect {

    public static final Reconnect DEFAULT = new Reconnect(true, Duration.ofMillis(300), Duration.ofSeconds(30), 0.2, 0);
    /** The defaults' settings, turned off: a {@code with} method on it turns them back on, never with no wait. */
    private static final Reconnect NEVER = new Reconnect(false, DEFAULT.interval, DEFAULT.maxInterval,
            DEFAULT.jitter, DEFAULT.maxAttempts);

    private final boolean enabled;
    private final Duration interval;
    private final Duration maxInterval;
    private final double jitter;
    private final int maxAttempts;

    private Reconnect(boolean enabled, Duration interval, Duration maxInterval, double jitter, int maxAttempts) {
        this.enabled = enabled;
        this.interval = interval;
        this.maxInterval = maxInterval;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
    }

    /** No reconnection: a failed connect or a lost session is not replaced. */
    public static Reconnect never() {
        return NEVER;
    }

    /** Reconnection starting at {@code interval}, with the other settings at their defaults. */
    public static Reconnect every(Duration interval) {
        return DEFAULT.withInterval(interval);
    }

    public Reconnect withInterval(Duration first) {
        check(first, "interval");
        return new Reconnect(true, first, maxInterval.compareTo(first) < 0 ? first : maxInterval, jitter, maxAttempts);
    }

    public Reconnect withMaxInterval(Duration cap) {
        check(cap, "max interval");
        if (cap.compareTo(interval) < 0) {
            throw new IllegalArgumentException("max interval " + cap + " is shorter than the interval " + interval);
        }
        return new Reconnect(true, interval, cap, jitter, maxAttempts);
    }

    /** A fraction in [0, 1): each wait is shortened by a random part up to it. */
    public Reconnect withJitter(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + fraction);
        }
        return new Reconnect(true, interval, maxInterval, fraction, maxAttempts);
    }

    /** Gives up a connection after this many failed attempts in a row; 0 for no limit. */
    public Reconnect withMaxAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("max attempts must be >= 0 (0: no limit): " + attempts);
        }
        return new Reconnect(true, interval, maxInterval, jitter, attempts);
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration interval() {
        return interval;
    }

    public Duration maxInterval() {
        return maxInterval;
    }

    public double jitter() {
        return jitter;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether another attempt follows {@code failures} failed ones in a row. */
    public boolean retries(int failures) {
        return enabled && (maxAttempts == 0 || failures < maxAttempts);
    }

    /** The wait before the next attempt, after {@code failures} (at least 1) failed ones in a row. */
    public long delayNanos(int failures) {
        long base = interval.toNanos();
        long cap = maxInterval.toNanos();
        int doublings = Math.min(Math.max(failures - 1, 0), 62);
        long delay = base > (cap >> doublings) ? cap : Math.min(cap, base << doublings);
        if (jitter > 0) {
            delay -= (long) (delay * jitter * ThreadLocalRandom.current().nextDouble());
        }
        return delay;
    }

    private static void check(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(SessionOptions.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(what + " must be > 0 and at most "
                    + SessionOptions.MAX_DURATION.toDays() + " days: " + d);
        }
    }

    @Override
    public String toString() {
        return enabled ? "Reconnect{interval=" + interval + ", maxInterval=" + maxInterval + ", jitter=" + jitter
                + ", maxAttempts=" + (maxAttempts == 0 ? "unlimited" : maxAttempts) + '}' : "Reconnect{never}";
    }
}
