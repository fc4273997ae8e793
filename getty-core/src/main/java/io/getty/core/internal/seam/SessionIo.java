package io.getty.core.internal.seam;

import io.getty.core.internal.buffer.OutboundBuffer;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * What lies under a session: its transport alone, or a {@link LayerStack} over one. The session encodes
 * packets into its top buffer and calls {@link #flush}; everything below is this interface's job. Loop
 * thread only, unless a method says otherwise.
 */
public interface SessionIo {

    /**
     * Moves pending output toward the kernel: {@code top} (the user's encoded bytes, {@code null} when there are
     * none) first through the layers. Reports each advance of the user's bytes in the kernel (with layers: the
     * bytes whose carrying output was written) to {@link Upstream#sent}, also before it throws.
     */
    void flush(OutboundBuffer top) throws IOException;

    /** What {@link #flush} left behind ({@code top} as the session holds it now): {@link #IDLE}, {@link #MORE} or {@link #BLOCKED}. */
    int flushState(OutboundBuffer top);

    /** Nothing is waiting below the session's top buffer. */
    int IDLE = 0;
    /** The socket took every write but bytes remain: flush again after the other sessions had their turn. */
    int MORE = 1;
    /** The socket's buffer is full: the io waits for writability and calls the session's flush then. */
    int BLOCKED = 2;

    /**
     * Opens what lies below: layers start their handshakes. The io calls {@link Upstream#opened()} once every
     * layer is open, at once (during this call) when there is none.
     */
    void open();

    /** Turns reading from the channel on or off. */
    void readInterest(boolean on);

    /**
     * Announces what the next packet of {@code top} is and returns what the session's {@code PkgWriter} must
     * encode: the packet itself for a byte stream; the content of an addressed packet for a datagram io,
     * which records where the datagram goes and where it starts. Called only when {@link #framesPackets()}.
     */
    default Object beginPacket(Object pkg, OutboundBuffer top) {
        return pkg;
    }

    /** The packet announced by {@link #beginPacket} is encoded ({@code ok}) or was taken back. */
    default void endPacket(OutboundBuffer top, boolean ok) {
    }

    /**
     * What the listener receives for a packet decoded from a unit that came with {@code meta} (see
     * {@link Upstream#receivedMessage}): the packet itself, or for a datagram io the packet with its sender.
     */
    default Object inbound(Object pkg, Object meta) {
        return pkg;
    }

    /**
     * Whether a unit that the reader cannot decode fails only that unit (a datagram: reported to
     * {@code onError}, and the session goes on) rather than the session.
     */
    default boolean unitErrorsAreLocal() {
        return false;
    }

    /** Whether the session must call {@link #beginPacket}/{@link #endPacket} around each packet. */
    default boolean framesPackets() {
        return false;
    }

    /**
     * Starts a graceful close below the session, whose output is all in the kernel: layers say goodbye top
     * down (a close frame, close_notify), then the transport shuts its output and reads until the peer's end.
     * The io calls the session's {@code closeFinished()} when it is done, or the session's close deadline
     * comes first.
     */
    void shutdown();

    /**
     * Shuts the socket's output now, with no goodbye from the layers (the session is failing): what was written
     * reaches the peer, then its end of stream. Input is dropped from now on.
     */
    void shutdownOutput();

    /** Closes at once and releases what the io holds (a layer in the middle of a call is released after it). */
    void close();

    /** Any thread. */
    SocketAddress localAddress();

    /** Any thread. */
    SocketAddress remoteAddress();
}
