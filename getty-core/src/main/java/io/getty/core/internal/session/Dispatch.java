package io.getty.core.internal.session;

/**
 * Where a session's callbacks run: on its event loop ({@link LoopDispatch}, shared by every such session), or
 * on a worker executor, in order and one at a time ({@link WorkerDispatch}, one per session). Loop thread,
 * unless a method says otherwise.
 */
interface Dispatch {

    /** Hands a packet to the listener's {@code onMessage}. */
    void message(GettySession session, Object pkg);

    /** Hands an event ({@link SessionEvent} or {@link ErrorEvent}) to the listener. */
    void event(GettySession session, Object event);

    /**
     * Called after a read's packets were handed over: whether the callbacks are so far behind that the session
     * must stop reading. If so, the dispatch calls the session's {@code workerCaughtUp()} once they catch up.
     */
    boolean pauseReads(GettySession session);

    /**
     * Whether packets outlive the read that produced them (they are handled later, on another thread), so
     * that they must not share bytes that the loop reuses.
     */
    boolean packetsOutliveReads();

    /** Whether {@code onOpen} returned without throwing; asked in the callbacks' own context. */
    boolean opened(GettySession session);

    /** Records that {@code onOpen} returned; called in the callbacks' own context. */
    void markOpened(GettySession session);
}
