package io.getty.core.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer single-consumer queue of intrusive {@link LoopTask} nodes (Vyukov's
 * algorithm): an offer is one atomic exchange and one store, and nothing is allocated.
 *
 * <p>A producer that has exchanged the tail but not yet linked its node makes the queue look non-empty
 * while {@link #poll()} cannot see the node yet; the consumer treats that as "try again soon", which the
 * loop does because {@link #isEmpty()} is false.
 */
public final class MpscTaskQueue {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(MpscTaskQueue.class, "tail", LoopTask.class);
            NEXT = lookup.findVarHandle(LoopTask.class, "next", LoopTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopTask stub = new LoopTask() {
        @Override
        public void run() {
        }
    };
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile LoopTask tail = stub;
    private LoopTask head = stub; // consumer only

    /** Adds a task; any thread. */
    public void offer(LoopTask task) {
        NEXT.setRelease(task, (LoopTask) null);
        LoopTask previous = (LoopTask) TAIL.getAndSet(this, task);
        NEXT.setRelease(previous, task);
    }

    /**
     * Removes the oldest task, or returns {@code null}; consumer thread only. A node leaves the queue with its
     * link cleared, so that neither the stub nor a task kept by its owner holds later tasks reachable.
     */
    public LoopTask poll() {
        LoopTask h = head;
        LoopTask next = (LoopTask) NEXT.getAcquire(h);
        if (h == stub) {
            if (next == null) {
                return null;
            }
            head = next;
            NEXT.setRelease(stub, (LoopTask) null);
            h = next;
            next = (LoopTask) NEXT.getAcquire(h);
        }
        if (next != null) {
            return take(h, next);
        }
        if (h != (LoopTask) TAIL.getVolatile(this)) {
            return null; // a producer is between its exchange and its link
        }
        offer(stub);
        next = (LoopTask) NEXT.getAcquire(h);
        if (next != null) {
            return take(h, next);
        }
        return null;
    }

    private LoopTask take(LoopTask h, LoopTask next) {
        head = next;
        // No producer writes h.next again: h is no longer the tail, and only the tail's link is written.
        NEXT.setRelease(h, (LoopTask) null);
        return h;
    }

    /**
     * Whether no task is queued or being queued; consumer thread only. A node that is between a producer's
     * exchange and link counts as queued, so the loop does not go to sleep past it.
     */
    public boolean isEmpty() {
        return head == stub && TAIL.getVolatile(this) == stub;
    }
}
