package io.getty.core.internal.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's callbacks on a worker executor, in the order the loop produced them, never two at
 * once. The count of queued events doubles as the "scheduled" flag: the producer that raises it from zero
 * schedules a drain, and the drain stops when it brings it back to zero. Whatever the executor's threads,
 * each drain starts after the previous one ended (the counter orders them), so callbacks of one session see
 * each other's effects.
 *
 * <p>A drain handles a bounded batch and then resubmits itself, so that one busy session cannot keep an
 * executor thread from the other sessions.
 */
final class SerialDispatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SerialDispatch.class);
    private static final int BATCH = 64;

    private final AbstractSession session;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean executorFailed;

    SerialDispatch(AbstractSession session, Executor executor) {
        this.session = session;
        this.executor = executor;
    }

    /** Queues a packet or event. Loop thread. */
    void enqueue(Object event) {
        queue.offer(event);
        if (queued.getAndIncrement() == 0) {
            submit();
        }
    }

    /** Events queued and not yet handled. */
    int size() {
        return queued.get();
    }

    @Override
    public void run() {
        int batch = executorFailed ? Integer.MAX_VALUE : BATCH;
        for (int i = 0; i < batch; i++) {
            Object event = queue.poll();
            session.handle(event);
            if (queued.decrementAndGet() == 0) {
                session.workerCaughtUp(0);
                return;
            }
        }
        session.workerCaughtUp(queued.get());
        submit();
    }

    private void submit() {
        if (executorFailed) {
            run(); // see below: the calling thread is the executor now
            return;
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            // The user's executor is shut down or full: the callbacks still have to run, in order, somewhere.
            log.error("the worker executor of {} rejected its callbacks; running them on the calling thread "
                    + "and closing the session", session, e);
            executorFailed = true;
            session.fail(e);
            run();
        }
    }
}
