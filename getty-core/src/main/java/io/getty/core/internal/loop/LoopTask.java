package io.getty.core.internal.loop;

/**
 * A unit of work for an event loop, and its own node in the loop's {@link MpscTaskQueue}: queueing a task
 * allocates nothing beyond the task. A task instance may be in at most one queue at a time.
 */
public abstract class LoopTask {
    volatile LoopTask next;

    /** Runs on the loop thread. */
    public abstract void run();

    /**
     * Called instead of {@link #run()} when the loop stopped before the task could run (on whatever thread
     * found it): fail what the task promised, release what it holds.
     */
    public void reject() {
    }
}
