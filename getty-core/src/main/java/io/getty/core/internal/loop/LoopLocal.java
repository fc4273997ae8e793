package io.getty.core.internal.loop;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A value that each event loop holds one of, made on first use (a pool of a package that the loop does not
 * know about). Reading it is an array access; only the loop's thread may.
 *
 * @param <T> the value's type
 */
public final class LoopLocal<T> {
    static final int MAX = 8;
    private static final AtomicInteger NEXT = new AtomicInteger();

    final int index;
    private final Function<EventLoop, T> initialValue;

    public LoopLocal(Function<EventLoop, T> initialValue) {
        this.index = NEXT.getAndIncrement();
        if (index >= MAX) {
            throw new IllegalStateException("more than " + MAX + " loop-local values");
        }
        this.initialValue = initialValue;
    }

    T initialValue(EventLoop loop) {
        return initialValue.apply(loop);
    }

    /** The calling loop's value. Loop thread only. */
    public T get(EventLoop loop) {
        return loop.local(this);
    }
}
