package io.getty.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every end point's builder has (TCP server and client, UDP endpoint and client, WebSocket server and
 * client): the loops its sessions run on, the initializer that sets each session up, and the session options
 * (see {@link SessionOptions} for their defaults). Every setter validates its argument.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class EndPointBuilder<B extends EndPointBuilder<B>> {
    private EventLoopGroup loopGroup;
    private int threads = Runtime.getRuntime().availableProcessors();
    private SessionInitializer initializer;
    private SessionOptions.Builder sessionOptions = SessionOptions.builder();
    /** Whether the close timeout was chosen: by {@link #closeTimeout} or by options with one of their own. */
    private boolean closeTimeoutSet;

    /** For the transports' builders; {@code threads} defaults to the available processors. */
    protected EndPointBuilder() {
    }

    /** For a transport's builder whose own group defaults to {@code defaultThreads} loops. */
    protected EndPointBuilder(int defaultThreads) {
        threads(defaultThreads);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Runs the sessions on a shared group, which the end point does not close. Without one, the end point
     * creates a group of {@link #threads(int)} loops and closes it when it closes.
     */
    public B loopGroup(EventLoopGroup group) {
        this.loopGroup = Objects.requireNonNull(group, "group");
        return self();
    }

    /** The loops of the group the end point creates when none is given; default: available processors. */
    public B threads(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + loops);
        }
        this.threads = loops;
        return self();
    }

    /** Sets up each new session (codec, listener, per-session options); required. */
    public B onNewSession(SessionInitializer sessionInitializer) {
        this.initializer = Objects.requireNonNull(sessionInitializer, "sessionInitializer");
        return self();
    }

    /**
     * Replaces all the session options set so far. Their close timeout counts as chosen (over a transport's own,
     * such as TLS's {@code closeNotifyTimeout}) when it is not the default one.
     */
    public B sessionOptions(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        sessionOptions = options.toBuilder();
        closeTimeoutSet = !options.closeTimeout().equals(SessionOptions.DEFAULT.closeTimeout());
        return self();
    }

    /** See {@link SessionOptions#cronPeriod()}. */
    public B cronPeriod(Duration period) {
        sessionOptions.cronPeriod(period);
        return self();
    }

    /** See {@link SessionOptions#maxMessageLength()}. */
    public B maxMessageLength(int bytes) {
        sessionOptions.maxMessageLength(bytes);
        return self();
    }

    /** See {@link SessionOptions#readTimeout()}. */
    public B readTimeout(Duration timeout) {
        sessionOptions.readTimeout(timeout);
        return self();
    }

    /** See {@link SessionOptions#writeTimeout()}. */
    public B writeTimeout(Duration timeout) {
        sessionOptions.writeTimeout(timeout);
        return self();
    }

    /** See {@link SessionOptions#waterMarks()}. */
    public B waterMarks(WaterMarks marks) {
        sessionOptions.waterMarks(marks);
        return self();
    }

    /** See {@link SessionOptions#writeBufferLimit()}. */
    public B writeBufferLimit(int bytes) {
        sessionOptions.writeBufferLimit(bytes);
        return self();
    }

    /** Runs callbacks on {@code executor} (per session in order, never two at once) instead of the loop. */
    public B executor(Executor executor) {
        sessionOptions.executor(executor);
        return self();
    }

    /** With an executor: packets it may fall behind by before a session stops reading. */
    public B maxQueuedMessages(int messages) {
        sessionOptions.maxQueuedMessages(messages);
        return self();
    }

    /**
     * See {@link SessionOptions#closeTimeout()}. Once set, it wins over a transport's own close timeout (TLS's
     * {@code closeNotifyTimeout}), whichever is set first.
     */
    public B closeTimeout(Duration timeout) {
        sessionOptions.closeTimeout(timeout);
        closeTimeoutSet = true;
        return self();
    }

    /** The group given to {@link #loopGroup}, or null: the end point then makes one of its own. */
    protected final EventLoopGroup sharedLoopGroup() {
        return loopGroup;
    }

    /** The group the end point runs on: the one given, or a new one of {@link #threads(int)} loops. */
    protected final EventLoopGroup loopGroupToUse() {
        return loopGroup != null ? loopGroup : EventLoopGroup.builder().threads(threads).build();
    }

    protected final SessionInitializer initializer() {
        return initializer;
    }

    /** The session options as set so far. */
    protected final SessionOptions builtSessionOptions() {
        return sessionOptions.build();
    }

    /**
     * The session options as set so far, with {@code transportCloseTimeout} (a layer's own, such as TLS's) as
     * the close timeout unless one was chosen ({@link #closeTimeout}, or {@link #sessionOptions} with one other
     * than the default).
     */
    protected final SessionOptions builtSessionOptions(Duration transportCloseTimeout) {
        SessionOptions options = sessionOptions.build();
        return closeTimeoutSet ? options : options.toBuilder().closeTimeout(transportCloseTimeout).build();
    }

    /** Throws {@link IllegalStateException} when a required setting is missing. */
    protected void checkComplete() {
        if (initializer == null) {
            throw new IllegalStateException("onNewSession(...) is required: it sets each session's codec and listener");
        }
    }
}
