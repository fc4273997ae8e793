package io.getty.core.internal.session;

import java.util.ArrayList;

/**
 * The writes of one session whose futures someone waits on, completed as the session's flushed count passes
 * their end. Made only when a future is first asked for (or a write has a deadline to cancel). Loop thread.
 */
final class WriteWaiters {
    private final ArrayList<PendingWrite> writes = new ArrayList<>(4);
    private long earliestEnd = Long.MAX_VALUE;

    void add(PendingWrite write) {
        writes.add(write);
        earliestEnd = Math.min(earliestEnd, write.end());
    }

    /** The smallest end among the writes: nothing completes before the flushed count reaches it. */
    long earliestEnd() {
        return earliestEnd;
    }

    /** Completes the writes that are done; with {@code all}, the output is gone and every one must be. */
    void completeDone(boolean all) {
        long earliest = Long.MAX_VALUE;
        int kept = 0;
        for (int i = 0; i < writes.size(); i++) {
            PendingWrite write = writes.get(i);
            if (!write.tryComplete()) {
                if (all) {
                    write.fail(write.sessionFailure());
                    continue;
                }
                writes.set(kept++, write);
                earliest = Math.min(earliest, write.end());
            }
        }
        writes.subList(kept, writes.size()).clear();
        earliestEnd = earliest;
    }
}
