package io.getty.core.internal.loop;

/**
 * A timer of a {@link TimerWheel}, and its own node in the wheel's bucket lists: scheduling, cancelling and
 * rescheduling allocate nothing. Loop thread only.
 */
public abstract class TimerNode {
    TimerNode prev;
    TimerNode next;
    long tick;

    /** Runs on the loop thread when the timer expires; it may schedule itself again. */
    protected abstract void onTimer(long nowNanos);

    public final boolean isScheduled() {
        return next != null;
    }

    final void unlink() {
        prev.next = next;
        next.prev = prev;
        prev = null;
        next = null;
    }

    final void linkAfter(TimerNode sentinel) {
        next = sentinel.next;
        prev = sentinel;
        sentinel.next.prev = this;
        sentinel.next = this;
    }

    /** The head of a circular list: a node that is never scheduled. */
    static final class Sentinel extends TimerNode {
        Sentinel() {
            prev = this;
            next = this;
        }

        boolean isEmpty() {
            return next == this;
        }

        @Override
        protected void onTimer(long nowNanos) {
            throw new AssertionError("a sentinel never expires");
        }
    }
}
