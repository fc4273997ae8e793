package io.getty.core;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of one write: done when the write's last byte is in the kernel's socket buffer (success),
 * or when the write can no longer be sent (failure, with the reason). Writes of one session complete in
 * the order they were made. A write is never retried.
 *
 * <p>Asking about the outcome costs nothing; a {@link CompletableFuture} is made only when
 * {@link #toCompletableFuture()} is called, so code that ignores the outcome pays nothing for it.
 */
public interface WriteFuture {

    /** Whether the write has succeeded or failed. */
    boolean isDone();

    /** Whether the write's bytes are all in the kernel. */
    boolean isSuccess();

    /**
     * Why the write failed (a {@link GettyException} subclass such as {@link WriteBufferFullException},
     * {@link SessionClosedException}, {@link EncodeException}, {@link WriteTimeoutException}, or the
     * I/O error that closed the session), or {@code null} if it has not failed.
     */
    Throwable cause();

    /**
     * A future completed with {@code null} on success or exceptionally with {@link #cause()}. The same
     * instance is returned on every call. Its dependent actions run on the thread that completes it,
     * usually the session's event loop: keep them short, or use the {@code ...Async} variants.
     */
    CompletableFuture<Void> toCompletableFuture();
}
