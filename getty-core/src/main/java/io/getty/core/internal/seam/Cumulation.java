package io.getty.core.internal.seam;

import java.nio.ByteBuffer;

/**
 * How one inbound level keeps its unread tail between reads: new bytes join the tail, the level consumes a
 * prefix, and only the rest is kept, in a buffer sized to what it holds.
 */
public final class Cumulation {
    private Cumulation() {
    }

    /**
     * Appends {@code in}'s bytes to {@code tail}'s and returns the buffer that holds both, between position and
     * limit: {@code tail} itself if it has room (compacted first if {@code mayMove}), else a bigger copy.
     * {@code in} is left consumed.
     */
    public static ByteBuffer append(ByteBuffer tail, ByteBuffer in, boolean mayMove) {
        int n = in.remaining();
        int kept = tail.remaining();
        ByteBuffer into = tail;
        if (tail.capacity() - tail.limit() < n) {
            if (mayMove && tail.capacity() >= kept + n) {
                tail.compact().flip();
            } else {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) kept + n, 2L * tail.capacity()));
                into = ByteBuffer.allocate(capacity).put(tail).flip();
            }
        }
        int end = into.limit();
        into.limit(end + n).put(end, in, in.position(), n);
        in.position(in.limit());
        return into;
    }

    /**
     * What to keep of {@code in} after the level consumed a prefix: {@code null} when nothing is left, else the
     * unread bytes, in {@code reuse} when it is given and fits them without wasting more than half, else in a
     * new buffer sized to them.
     */
    public static ByteBuffer keep(ByteBuffer in, ByteBuffer reuse) {
        int left = in.remaining();
        if (left == 0) {
            return null;
        }
        ByteBuffer kept = reuse != null && reuse != in && reuse.capacity() >= left && reuse.capacity() <= 2 * left
                ? reuse.clear() : ByteBuffer.allocate(left);
        kept.put(0, in, in.position(), left).limit(left).position(0);
        return kept;
    }

    /** A buffer of its own holding {@code in}'s bytes (for packets that must outlive the read). */
    public static ByteBuffer copy(ByteBuffer in) {
        return ByteBuffer.allocate(in.remaining()).put(0, in, in.position(), in.remaining());
    }
}
