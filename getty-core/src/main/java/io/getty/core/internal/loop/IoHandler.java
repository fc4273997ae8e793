package io.getty.core.internal.loop;

import java.nio.channels.SelectionKey;

/** What a channel registered with an {@link EventLoop} is attached to: it handles the channel's readiness. */
public interface IoHandler {

    /** The channel is ready for {@code readyOps} (0 is treated as readable). Loop thread. */
    void handleIo(int readyOps);

    /** The loop re-registered the channel with a new selector; use {@code key} from now on. Loop thread. */
    void rebind(SelectionKey key);

    /**
     * Closes the channel at once: the loop is shutting down ({@code cause} null), or handling the channel
     * failed. Loop thread.
     */
    void abort(Throwable cause);
}
