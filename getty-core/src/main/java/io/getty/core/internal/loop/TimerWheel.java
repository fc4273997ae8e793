package io.getty.core.internal.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hashed timer wheel (Varghese and Lauck) owned by one event loop: O(1) schedule and cancel, and expiry
 * work proportional to the timers due. A timer is due at the first tick boundary at or after its deadline,
 * so it fires up to one tick late, never early.
 *
 * <p>The wheel keeps a lower bound of the earliest due tick so that the loop can compute its select timeout
 * without scanning; the bound is recomputed (a scan that stops at the first due bucket) only after it has
 * passed. Loop thread only.
 */
public final class TimerWheel {
    private static final Logger log = LoggerFactory.getLogger(TimerWheel.class);

    private final long tickNanos;
    private final long originNanos;
    private final TimerNode.Sentinel[] buckets;
    private final int mask;
    private final TimerNode.Sentinel expired = new TimerNode.Sentinel();
    private long processedTick;
    private long earliestTick = Long.MAX_VALUE;
    private int size;

    public TimerWheel(long tickNanos, int bucketCount, long nowNanos) {
        if (Integer.bitCount(bucketCount) != 1) {
            throw new IllegalArgumentException("bucket count must be a power of two: " + bucketCount);
        }
        this.tickNanos = tickNanos;
        this.originNanos = nowNanos;
        this.buckets = new TimerNode.Sentinel[bucketCount];
        for (int i = 0; i < bucketCount; i++) {
            buckets[i] = new TimerNode.Sentinel();
        }
        this.mask = bucketCount - 1;
    }

    /** Schedules {@code node} (rescheduling it if it is scheduled) to fire at or after {@code deadlineNanos}. */
    public void schedule(TimerNode node, long deadlineNanos) {
        if (node.isScheduled()) {
            cancel(node);
        }
        long tick = Math.max(ceilDiv(deadlineNanos - originNanos, tickNanos), processedTick + 1);
        node.tick = tick;
        node.linkAfter(buckets[(int) (tick & mask)]);
        size++;
        if (tick < earliestTick) {
            earliestTick = tick;
        }
    }

    /** Cancels {@code node} if it is scheduled. */
    public void cancel(TimerNode node) {
        if (node.isScheduled()) {
            node.unlink();
            size--;
        }
    }

    /** The number of scheduled timers. */
    public int size() {
        return size;
    }

    /**
     * When the next timer may be due (a lower bound), or {@link Long#MAX_VALUE} when none is scheduled.
     */
    public long nextDeadlineNanos() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        if (earliestTick <= processedTick) {
            earliestTick = findEarliestTick();
        }
        return originNanos + earliestTick * tickNanos;
    }

    /** Fires every timer due at {@code nowNanos}. */
    public void expire(long nowNanos) {
        long nowTick = Math.floorDiv(nowNanos - originNanos, tickNanos);
        if (nowTick <= processedTick) {
            return;
        }
        if (nowTick - processedTick >= buckets.length) {
            for (TimerNode.Sentinel bucket : buckets) {
                collectDue(bucket, nowTick);
            }
        } else {
            for (long t = processedTick + 1; t <= nowTick; t++) {
                collectDue(buckets[(int) (t & mask)], nowTick);
            }
        }
        processedTick = nowTick;
        // Fire from a separate list, so that a timer may cancel or reschedule any other timer, or itself.
        while (!expired.isEmpty()) {
            TimerNode node = expired.next;
            node.unlink();
            size--;
            try {
                node.onTimer(nowNanos);
            } catch (Throwable t) {
                log.error("timer {} threw", node, t);
            }
        }
    }

    private void collectDue(TimerNode.Sentinel bucket, long nowTick) {
        TimerNode node = bucket.next;
        while (node != bucket) {
            TimerNode following = node.next;
            if (node.tick <= nowTick) {
                node.prev.next = following;
                following.prev = node.prev;
                node.linkAfter(expired);
            }
            node = following;
        }
    }

    private long findEarliestTick() {
        long min = Long.MAX_VALUE;
        for (long t = processedTick + 1; t <= processedTick + buckets.length; t++) {
            TimerNode.Sentinel bucket = buckets[(int) (t & mask)];
            for (TimerNode node = bucket.next; node != bucket; node = node.next) {
                if (node.tick == t) {
                    return t; // due in this round of the wheel: nothing can be earlier
                }
                min = Math.min(min, node.tick);
            }
        }
        return min;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
