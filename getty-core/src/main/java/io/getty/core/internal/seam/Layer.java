package io.getty.core.internal.seam;

import io.getty.core.internal.buffer.OutboundBuffer;
import java.nio.ByteBuffer;

/**
 * One small, explicit transform between a session and its transport (TLS, compression, WebSocket), with an
 * inbound and an outbound side. The {@link LayerStack} calls it, on the session's loop only, and never
 * re-enters it: a callback that writes or closes during a layer's call only asks for a flush or a close,
 * which the stack runs after the call has returned.
 *
 * <p>Own bytes (a handshake, an alert, {@code close_notify}, a pong, a close frame) go into
 * {@link LayerContext#below()}, the queue directly under this layer, never through the top: the layers below
 * still transform them, so WebSocket's bytes are encrypted by TLS.
 */
public interface Layer {

    /**
     * Starts the layer, once the layers below it are open. It may write its own bytes (a ClientHello, an HTTP
     * upgrade request) and calls {@link LayerContext#opened()} when it is ready for the session's bytes: at
     * once, or when its handshake completes (during a later {@link #read}).
     */
    void open(LayerContext ctx) throws Exception;

    /**
     * Takes inbound bytes from the level below, between {@code in}'s position and limit, and consumes a prefix
     * of them (advancing the position); the stack keeps the unread rest and passes it again with the next
     * bytes. What it decodes goes up through {@link LayerContext#passUp} (stream layers) or
     * {@link LayerContext#passUpMessage} (a message layer); a layer stops when either returns false (the session
     * closed).
     * {@code in} is valid only during the call. Throwing fails the session.
     */
    void read(ByteBuffer in, LayerContext ctx) throws Exception;

    /**
     * Moves bytes from {@code above} (the queue over this layer: the session's encoded packets, or the output
     * of the layer above) into {@link LayerContext#below()}, transformed, while the queue below holds less
     * than {@link LayerContext#quantum()}. Everything consumed from {@code above} must be carried by what was
     * appended below by the time the call returns (a compressor flushes), since the stack counts a write as
     * sent when the bytes that carry its last byte are. Called only once the layer is open.
     */
    void write(OutboundBuffer above, LayerContext ctx) throws Exception;

    /**
     * The session closes gracefully, its own output all sent: write any goodbye below (a close frame,
     * {@code close_notify}). Returns true when this layer is done, false when it waits for the peer's answer
     * and will call {@link LayerContext#closed()} (the session's close deadline bounds the wait).
     */
    boolean close(LayerContext ctx) throws Exception;

    /**
     * The level below reached the peer's end of stream, leaving {@code unread} bytes this layer did not consume
     * (a partial record). Throw if that is an error (TLS truncation), else return.
     */
    void inputEnded(int unread, LayerContext ctx) throws Exception;

    /** Releases what the layer holds (an {@code SSLEngine}, a {@code Deflater}). Once, never during a call. */
    void release();

    /**
     * Whether this layer, as the top layer of a message stack, must hear of each packet the session encodes
     * ({@link #beginPacket}, {@link #endPacket}): a WebSocket layer frames each packet as one message. Asked
     * once, when the session starts.
     */
    default boolean framesPackets() {
        return false;
    }

    /**
     * The session is about to encode {@code pkg} into {@code top}: returns what its {@code PkgWriter} must encode
     * (the packet itself, or the content of a packet that also says how to frame it). Called on the loop, outside
     * the layer's other calls but possibly while one of them runs further down the stack (a listener called from
     * its {@link #read} writes): touch only the outbound state. Throwing fails that write only.
     */
    default Object beginPacket(Object pkg, OutboundBuffer top) {
        return pkg;
    }

    /**
     * The packet announced by {@link #beginPacket} is encoded ({@code ok}: its bytes end at {@code top}'s end) or
     * was taken back. Must not throw.
     */
    default void endPacket(OutboundBuffer top, boolean ok) {
    }
}
