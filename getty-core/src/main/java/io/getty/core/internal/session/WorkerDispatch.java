package io.getty.core.internal.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's callbacks on a worker executor, in the order the loop produced them, never two at once.
 * The count of queued events doubles as the "scheduled" flag: the producer that raises it from zero schedules
 * a drain, and the drain stops when it brings it back to zero. Whatever the executor's threads, each drain
 * starts after the previous one ended (the counter orders them), so callbacks of one session see each other's
 * effects.
 *
 * <p>A drain handles a bounded batch and then resubmits itself, so that one busy session cannot keep an
 * executor thread from the other sessions.
 */
final class WorkerDispatch implements Dispatch, Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerDispatch.class);
    private static final int BATCH = 64;

    private final GettySession session;
    private final Executor executor;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean executorFailed;
    private volatile boolean readsPaused;
    private boolean opened; // worker context only

    WorkerDispatch(GettySession session, Executor executor, int maxQueued) {
        this.session = session;
        this.executor = executor;
        this.maxQueued = maxQueued;
    }

    @Override
    public void message(GettySession s, Object pkg) {
        enqueue(pkg);
    }

    @Override
    public void event(GettySession s, Object event) {
        enqueue(event);
    }

    @Override
    public boolean pauseReads(GettySession s) {
        if (queued.get() <= maxQueued) {
            return false;
        }
        readsPaused = true;
        if (queued.get() <= maxQueued / 2 && unpause()) {
            return false; // the worker caught up before it could see the flag
        }
        return true;
    }

    private boolean unpause() {
        synchronized (this) {
            if (!readsPaused) {
                return false;
            }
            readsPaused = false;
            return true;
        }
    }

    @Override
    public boolean packetsOutliveReads() {
        return true;
    }

    @Override
    public boolean opened(GettySession s) {
        return opened;
    }

    @Override
    public void markOpened(GettySession s) {
        opened = true;
    }

    private void enqueue(Object event) {
        queue.offer(event);
        if (queued.getAndIncrement() == 0) {
            submit();
        }
    }

    @Override
    public void run() {
        int batch = executorFailed ? Integer.MAX_VALUE : BATCH;
        for (int i = 0; i < batch; i++) {
            Object event = queue.poll();
            if (event instanceof SessionEvent || event instanceof ErrorEvent) {
                Callbacks.event(session, event);
            } else {
                Callbacks.message(session, event);
            }
            if (queued.decrementAndGet() == 0) {
                caughtUp(0);
                return;
            }
        }
        caughtUp(queued.get());
        submit();
    }

    /** Lets the loop read again once the backlog is down to half the limit. Worker thread. */
    private void caughtUp(int stillQueued) {
        if (readsPaused && stillQueued <= maxQueued / 2 && unpause()) {
            session.workerCaughtUp();
        }
    }

    private void submit() {
        if (executorFailed) {
            run(); // see below: the calling thread is the executor now
            return;
        }
        try {
            executor.execute(this);
        } catch (RuntimeException e) { // RejectedExecutionException, or a broken executor
            // The user's executor is shut down, full or broken: the callbacks still have to run, in order, somewhere.
            log.error("the worker executor of {} rejected its callbacks; running them on the calling thread "
                    + "and closing the session", session, e);
            executorFailed = true;
            session.fail(e);
            run();
        }
    }
}
