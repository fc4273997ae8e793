package io.getty.core;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A new session while it is being set up by a {@link SessionInitializer}. A codec and a listener are
 * required; the options start as the server's or client's and can be changed for this session. These
 * setters may be called only during the initializer.
 */
public interface SessionSetup extends Session {

    /** Sets the reader and writer at once. */
    SessionSetup codec(PkgHandler<?, ?> codec);

    /**
     * Sets the codec and the listener, checking at compile time that the listener takes the reader's packets
     * (and letting a lambda listener infer its packet type).
     */
    default <I> SessionSetup codec(PkgHandler<I, ?> codec, EventListener<? super I> listener) {
        return codec(codec).listener(listener);
    }

    SessionSetup reader(PkgReader<?> reader);

    SessionSetup writer(PkgWriter<?> writer);

    /** The listener; its packet type must be what the reader produces. */
    SessionSetup listener(EventListener<?> listener);

    /** Replaces all of this session's options. */
    SessionSetup options(SessionOptions options);

    SessionSetup cronPeriod(Duration period);

    SessionSetup maxMessageLength(int bytes);

    SessionSetup readTimeout(Duration timeout);

    SessionSetup writeTimeout(Duration timeout);

    SessionSetup waterMarks(WaterMarks waterMarks);

    SessionSetup writeBufferLimit(int bytes);

    /** Runs this session's callbacks on {@code executor} instead of the event loop; {@code null} for the loop. */
    SessionSetup executor(Executor executor);

    /** This session's options as they stand. */
    SessionOptions options();
}
