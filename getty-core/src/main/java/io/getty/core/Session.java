package io.getty.core;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection (or, for UDP, one socket): its identity, attributes and counters, and the way to write
 * packets to the peer and to close. Every method may be called from any thread.
 *
 * <p>A session is pinned to one event loop for its whole life; writes from other threads are handed to
 * that loop in the order each thread made them. Writes made on the loop itself (from
 * {@link EventListener#onMessage} when no worker executor is set) are encoded at once, and everything
 * written during one pass of the loop reaches the socket in one gathering write.
 */
public interface Session {

    /** A number unique among the sessions of this process. */
    long id();

    SocketAddress localAddress();

    SocketAddress remoteAddress();

    /** The value of an attribute, or {@code null}. */
    <T> T attribute(AttributeKey<T> key);

    /** Sets an attribute ({@code null} removes it) and returns the previous value. */
    <T> T attribute(AttributeKey<T> key, T value);

    /** When bytes last arrived from the peer, or {@link #updateActive()} was last called. */
    Instant getActive();

    /** Marks the session active now (as a read does). */
    void updateActive();

    /** How long since {@link #getActive()}. */
    Duration idleTime();

    /** Traffic counters. */
    SessionStats stats();

    /** The limit on one inbound packet, from {@link SessionOptions#maxMessageLength()}. */
    int maxMessageLength();

    /**
     * Writes a packet through the session's {@link PkgWriter}.
     *
     * <p>From another thread the packet is encoded later on the session's loop: do not change it after
     * the call. A write fails at once (the future is already failed) with
     * {@link SessionClosedException} after {@link #close()}, and with {@link WriteBufferFullException}
     * when the pending output is already past {@link SessionOptions#writeBufferLimit()}.
     */
    WriteFuture writePkg(Object pkg);

    /**
     * Writes a packet like {@link #writePkg(Object)}, without a future: on the session's event loop (from a
     * callback with no worker executor) it allocates nothing, which makes it the call for replies on a hot
     * path; {@code writePkg}'s future is usually optimised away too, but that is up to the JIT. A packet that
     * cannot be accepted fails the whole session with the reason ({@link WriteBufferFullException},
     * {@link EncodeException}), reported to {@link EventListener#onError}, since no future can report it;
     * after {@link #close()} such packets are dropped, as {@code onClose} already says.
     */
    void sendPkg(Object pkg);

    /**
     * As {@link #writePkg(Object)}, but if the packet's bytes are not all in the kernel within
     * {@code timeout} the write fails with {@link WriteTimeoutException} and the session closes (part of
     * the packet may be on the wire already, so the stream cannot go on).
     */
    WriteFuture writePkg(Object pkg, Duration timeout);

    /** Writes raw bytes, bypassing the codec. The array must not change until the write completes. */
    WriteFuture writeBytes(byte[] bytes);

    /** Writes several byte arrays, bypassing the codec, back to back in one gathering write. */
    WriteFuture writeBytesArray(byte[]... arrays);

    /**
     * Whether the pending output is under the high water mark. It turns false when the pending bytes
     * exceed {@link WaterMarks#high()} and true again when they drop below {@link WaterMarks#low()};
     * each change is reported to {@link EventListener#onWritabilityChanged}.
     */
    boolean isWritable();

    /** Bytes accepted for writing that are not yet in the kernel. */
    long pendingWriteBytes();

    /**
     * Stops reading from the peer until {@link #resumeReading()}: no more packets arrive, and the peer is
     * slowed down by TCP flow control. The usual answer to {@code onWritabilityChanged(false)} when replies
     * are written for requests, so that a peer that does not read its replies cannot make the session buffer
     * more. Idempotent.
     */
    void pauseReading();

    /** Undoes {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /**
     * Closes gracefully: writes already accepted are sent, then the connection is closed. Later writes
     * fail with {@link SessionClosedException}. If the pending output makes no progress for the write
     * timeout, the session is closed anyway. Idempotent.
     */
    void close();

    /** Closes at once; writes not yet sent fail with {@link SessionClosedException}. Idempotent. */
    void closeNow();

    /** Whether {@link #close()} or {@link #closeNow()} was called, or the connection is gone. */
    boolean isClosed();

    /**
     * A view of {@code length} bytes of {@code in} starting at absolute index {@code index}, for a
     * {@link PkgReader} that returns packets sharing the inbound bytes (zero copy). The packet's bytes are
     * those between the view's position and limit; the view may be a direct buffer.
     *
     * <p>Lifetime: when messages are delivered on the event loop (no worker executor), one view object is
     * reused for every packet of the loop, and it is valid until {@link EventListener#onMessage} returns;
     * copy the bytes to keep them. With a worker executor the session gives the reader bytes that it never
     * reuses, and each call returns a new view that stays valid as long as it is referenced.
     */
    ByteBuffer view(ByteBuffer in, int index, int length);
}
