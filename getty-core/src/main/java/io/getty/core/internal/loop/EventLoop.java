package io.getty.core.internal.loop;

import io.getty.core.internal.buffer.ChunkPool;
import io.getty.core.internal.buffer.FrameBufferPool;
import io.getty.core.internal.buffer.OutboundBufferPool;
import io.getty.core.internal.buffer.ReusableView;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reactor thread: a {@link Selector}, an MPSC task queue, a timer wheel, a shared read buffer and a
 * pool of output chunks. Everything a session does happens here, so the I/O path takes no locks.
 *
 * <p>One pass of the loop: select (blocking only when no task is queued and nothing waits to be flushed,
 * and no longer than the next timer), handle the ready keys, fire due timers, run queued tasks, then flush
 * every session that wrote during the pass, so that its writes leave in one gathering write.
 *
 * <p>Waking: a producer queues its task and calls {@link Selector#wakeup()} only if the loop has announced
 * that it may block, and only the first producer to see that announcement does so. The loop announces
 * before it checks the queue one last time, so a task is either seen by that check or wakes the select.
 */
public final class EventLoop implements Executor {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private static final int AWAKE = 0;
    private static final int MAY_BLOCK = 1;
    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;
    private static final VarHandle WAKE;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAKE = lookup.findVarHandle(EventLoop.class, "wakeState", int.class);
            STATE = lookup.findVarHandle(EventLoop.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopThread thread;
    private final MpscTaskQueue tasks = new MpscTaskQueue();
    private final TimerWheel timers;
    private final SelectSpinDetector spinDetector;
    private final ByteBuffer readBuffer;
    private final ReusableView readView = new ReusableView();
    private final ReusableView otherView = new ReusableView();
    private final ChunkPool chunkPool;
    private final OutboundBufferPool outputPool;
    private final FrameBufferPool frameBuffers = new FrameBufferPool();
    private final Consumer<SelectionKey> keyHandler = this::handleKey;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private final Object lateDrainLock = new Object();
    private Selector selector;
    private Flushable[] flushQueue = new Flushable[64];
    private int flushCount;
    private long nowNanos;
    private long nowMillis;
    private boolean clockReadSinceSelect;
    private long selectorRebuilds;
    private final Object[] locals = new Object[LoopLocal.MAX];
    private int callbackDepth;
    @SuppressWarnings("unused") // accessed through WAKE
    private volatile int wakeState;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    EventLoop(String threadName, int readBufferSize, int chunkSize, int maxPooledChunks,
              long tickNanos, int spinThreshold) throws IOException {
        this.selector = Selector.open();
        this.nowNanos = System.nanoTime();
        this.nowMillis = System.currentTimeMillis();
        this.timers = new TimerWheel(tickNanos, 512, nowNanos);
        this.spinDetector = new SelectSpinDetector(spinThreshold);
        this.readBuffer = ByteBuffer.allocateDirect(readBufferSize);
        this.chunkPool = new ChunkPool(chunkSize, maxPooledChunks);
        this.outputPool = new OutboundBufferPool(chunkPool, 1024);
        this.thread = new LoopThread(this, threadName);
    }

    /** The loop whose thread is calling, or {@code null} if it is not a loop thread. */
    public static EventLoop current() {
        return Thread.currentThread() instanceof LoopThread t ? t.loop : null;
    }

    void start() {
        thread.start();
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code command} on the loop; throws {@link RejectedExecutionException} once the loop has stopped. */
    @Override
    public void execute(Runnable command) {
        if (!offer(new RunnableTask(command))) {
            throw new RejectedExecutionException(thread.getName() + " has stopped");
        }
    }

    /**
     * Queues {@code task} for the loop. Returns false, without queueing it, once the loop has stopped; a task
     * that races with the stop is {@linkplain LoopTask#reject() rejected} rather than lost.
     */
    public boolean offer(LoopTask task) {
        if ((int) STATE.getVolatile(this) == TERMINATED) {
            return false;
        }
        tasks.offer(task);
        if ((int) STATE.getVolatile(this) == TERMINATED) {
            rejectLateTasks();
        } else if (!inLoop() && (int) WAKE.getVolatile(this) == MAY_BLOCK
                && WAKE.compareAndSet(this, MAY_BLOCK, AWAKE)) {
            selector.wakeup();
        }
        return true;
    }

    /** Registers {@code channel}; loop thread only. */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler)
            throws ClosedChannelException {
        assert inLoop();
        try {
            return channel.register(selector, ops, handler);
        } catch (CancelledKeyException e) {
            // The channel's previous key on this selector is cancelled but not yet flushed out: do it, retry once.
            try {
                selector.selectNow();
            } catch (IOException io) {
                log.debug("selectNow while retrying a registration failed", io);
            }
            return channel.register(selector, ops, handler);
        }
    }

    /** Schedules (or reschedules) {@code timer}; loop thread only. */
    public void schedule(TimerNode timer, long deadlineNanos) {
        timers.schedule(timer, deadlineNanos);
    }

    public void cancel(TimerNode timer) {
        timers.cancel(timer);
    }

    /** The time at the start of the current step of the loop, from {@link System#nanoTime()}. */
    public long nanoTime() {
        return nowNanos;
    }

    /** The wall-clock time at the start of the current step of the loop. */
    public long currentTimeMillis() {
        return nowMillis;
    }

    /** The read buffer that this loop's sessions share; valid only during one read. */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    public ChunkPool chunkPool() {
        return chunkPool;
    }

    /** The direct buffers that large packets still arriving are read into. */
    public FrameBufferPool frameBuffers() {
        return frameBuffers;
    }

    /** The pending-output buffers that this loop's sessions borrow while they have bytes to send. */
    public OutboundBufferPool outputPool() {
        return outputPool;
    }

    /**
     * A view of {@code length} bytes of {@code source} from absolute {@code index}: one view object for the
     * shared read buffer and one for any other source, each valid until the next call for it on this loop.
     */
    public ByteBuffer view(ByteBuffer source, int index, int length) {
        return (source == readBuffer ? readView : otherView).of(source, index, length);
    }

    /**
     * Whether {@code pkg} is one of this loop's reusable views: a packet that is valid only until the callback
     * that received it returns, so that a write made with it to another loop's session must copy it first.
     */
    public boolean isReusableView(Object pkg) {
        return readView.isView(pkg) || otherView.isView(pkg);
    }

    /** This loop's value of {@code local}, made by its initial-value function on first use. Loop thread. */
    @SuppressWarnings("unchecked")
    public <T> T local(LoopLocal<T> local) {
        Object value = locals[local.index];
        if (value == null) {
            value = locals[local.index] = local.initialValue(this);
        }
        return (T) value;
    }

    /**
     * Marks the start of a listener callback run on this loop; closes asked for inside one wait until it has
     * returned (see {@link #inCallback()}). Pair with {@link #callbackReturned()}.
     */
    public void callbackStarting() {
        callbackDepth++;
    }

    public void callbackReturned() {
        callbackDepth--;
    }

    /** Whether a listener callback is running on this loop now. */
    public boolean inCallback() {
        return callbackDepth > 0;
    }

    /** Asks for {@code target} to be flushed at the end of this pass; the caller keeps it from asking twice. */
    public void requestFlush(Flushable target) {
        if (flushCount == flushQueue.length) {
            flushQueue = java.util.Arrays.copyOf(flushQueue, flushCount * 2);
        }
        flushQueue[flushCount++] = target;
    }

    /** How many times the selector was rebuilt because of the empty-select spin. */
    public long selectorRebuilds() {
        return selectorRebuilds;
    }

    /** Starts the loop's shutdown; see {@link #terminationFuture()}. */
    void shutdown() {
        if (STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN)) {
            if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
                terminate();
                return;
            }
            selector.wakeup();
        }
    }

    CompletableFuture<Void> terminationFuture() {
        return terminationFuture;
    }

    private void run() {
        try {
            while (true) {
                runPass();
                if ((int) STATE.getVolatile(this) != RUNNING && closeRegisteredChannels()) {
                    break;
                }
            }
        } catch (Throwable t) {
            log.error("{} stopped by an unexpected error; closing its channels", thread.getName(), t);
            closeRegisteredChannels();
        } finally {
            terminate();
        }
    }

    /** One pass of the loop: select (handling ready keys), fire due timers, run tasks, flush. */
    private void runPass() {
        long timeoutNanos = 0;
        if (tasks.isEmpty() && flushCount == 0) {
            long deadline = timers.nextDeadlineNanos();
            if (deadline == Long.MAX_VALUE) {
                timeoutNanos = Long.MAX_VALUE;
            } else {
                nowNanos = System.nanoTime(); // the pass may have taken a while: do not oversleep the timer
                timeoutNanos = Math.max(0, deadline - nowNanos);
            }
        }
        int selected;
        long before = nowNanos;
        boolean wokenUp = false;
        clockReadSinceSelect = false;
        try {
            if (timeoutNanos == 0) {
                selected = selector.selectNow(keyHandler);
            } else {
                WAKE.setVolatile(this, MAY_BLOCK);
                if (!tasks.isEmpty() || (int) STATE.getVolatile(this) != RUNNING) {
                    selected = selector.selectNow(keyHandler);
                } else {
                    long millis = timeoutNanos == Long.MAX_VALUE ? 0 : Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
                    selected = selector.select(keyHandler, millis);
                }
                wokenUp = (int) WAKE.getAndSet(this, AWAKE) == AWAKE;
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            log.warn("{}: select failed; rebuilding the selector", thread.getName(), e);
            rebuildSelector();
            pauseAfterError();
            return;
        }
        nowNanos = System.nanoTime();
        nowMillis = System.currentTimeMillis();
        if (Thread.interrupted()) {
            log.debug("{} was interrupted; interrupts do not stop an event loop, close its group", thread.getName());
            wokenUp = true;
        }
        if (timeoutNanos != 0 && spinDetector.selectReturned(selected, nowNanos - before, timeoutNanos, wokenUp)) {
            log.warn("{}: select returned early with nothing selected too many times in a row (the JDK "
                    + "empty-select spin); rebuilding the selector", thread.getName());
            rebuildSelector();
        }
        timers.expire(nowNanos);
        runTasks();
        flushAll();
    }

    private void handleKey(SelectionKey key) {
        if (!clockReadSinceSelect) {
            // Keys are handled inside select(): without this, reads would be stamped (active time, read and
            // write timeouts, deadlines) with the time from before select blocked, which may be long ago.
            clockReadSinceSelect = true;
            nowNanos = System.nanoTime();
            nowMillis = System.currentTimeMillis();
        }
        if (!key.isValid()) {
            return; // cancelled by a handler earlier in this batch; the selector drops it at the next select
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.handleIo(key.readyOps());
        } catch (CancelledKeyException e) {
            log.debug("key of {} was cancelled while handling it", handler);
            handler.abort(e);
        } catch (Throwable t) {
            log.error("{}: handler {} threw; closing its channel", thread.getName(), handler, t);
            handler.abort(t);
        }
    }

    private void runTasks() {
        // Tasks queued by the tasks run now wait for the next pass, so timers and I/O are never starved.
        int budget = 4096;
        LoopTask task;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                log.error("{}: task {} threw", thread.getName(), task, t);
            }
        }
    }

    private void flushAll() {
        // A flush may ask for another (its session had more than one write quantum): that one waits a pass.
        int n = flushCount;
        if (n == 0) {
            return;
        }
        Flushable[] queue = flushQueue;
        for (int i = 0; i < n; i++) {
            Flushable target = queue[i];
            queue[i] = null;
            try {
                target.flush();
            } catch (Throwable t) {
                log.error("{}: flush of {} threw", thread.getName(), target, t);
            }
        }
        int added = flushCount - n;
        if (added > 0) {
            queue = flushQueue; // a flush that asked for another may have grown it
            System.arraycopy(queue, n, queue, 0, added);
            java.util.Arrays.fill(queue, added, n + added, null);
        }
        flushCount = added;
    }

    /** Closes what is still registered; returns true when nothing is left. */
    private boolean closeRegisteredChannels() {
        List<IoHandler> handlers = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof IoHandler handler) {
                handlers.add(handler);
            }
        }
        for (IoHandler handler : handlers) {
            try {
                handler.abort(null);
            } catch (Throwable t) {
                log.warn("{}: closing {} at shutdown threw", thread.getName(), handler, t);
            }
        }
        runTasks();
        flushAll();
        try {
            selector.selectNow(); // flushes the cancelled keys out of the key set
        } catch (IOException e) {
            log.debug("selectNow at shutdown failed", e);
        }
        return selector.keys().isEmpty() && tasks.isEmpty();
    }

    private void terminate() {
        STATE.setVolatile(this, TERMINATED);
        rejectLateTasks();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector failed", e);
        }
        outputPool.clear();
        chunkPool.clear();
        frameBuffers.clear();
        java.util.Arrays.fill(locals, null);
        terminationFuture.complete(null);
    }

    /**
     * Rejects tasks queued after the loop stopped. Several threads may get here; the lock makes them take
     * turns as the queue's single consumer.
     */
    private void rejectLateTasks() {
        synchronized (lateDrainLock) {
            LoopTask task;
            while ((task = tasks.poll()) != null || !tasks.isEmpty()) {
                if (task == null) {
                    Thread.onSpinWait(); // a producer is between its exchange and its link
                    continue;
                }
                try {
                    task.reject();
                } catch (Throwable t) {
                    log.warn("rejecting task {} threw", task, t);
                }
            }
        }
    }

    /** Moves every valid key to a new selector and closes the old one. Loop thread. */
    void rebuildSelector() {
        Selector old = selector;
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException e) {
            log.error("{}: could not open a new selector", thread.getName(), e);
            return;
        }
        for (SelectionKey key : old.keys()) {
            IoHandler handler = (IoHandler) key.attachment();
            try {
                if (!key.isValid() || key.channel().keyFor(fresh) != null) {
                    continue;
                }
                int ops = key.interestOps();
                key.cancel();
                handler.rebind(key.channel().register(fresh, ops, handler));
            } catch (Exception e) {
                log.warn("{}: could not move {} to the new selector; closing it", thread.getName(), handler, e);
                handler.abort(e);
            }
        }
        selector = fresh;
        selectorRebuilds++;
        try {
            old.close();
        } catch (IOException e) {
            log.debug("closing the old selector failed", e);
        }
    }

    /** For tests: rebuild the selector on the loop thread. */
    public void rebuildSelectorLater() {
        execute(this::rebuildSelector);
    }

    private static void pauseAfterError() {
        // A selector that fails at once would otherwise take a whole core.
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }

    /** A loop's thread, which knows its loop (see {@link #current()}). */
    private static final class LoopThread extends Thread {
        final EventLoop loop;

        LoopThread(EventLoop loop, String name) {
            super(name);
            this.loop = loop;
        }

        @Override
        public void run() {
            loop.run();
        }
    }

    /** A {@link Runnable} in the task queue. */
    private static final class RunnableTask extends LoopTask {
        private final Runnable command;

        RunnableTask(Runnable command) {
            this.command = command;
        }

        @Override
        public void run() {
            command.run();
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }
}
