package io.getty.ws.internal;

import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopLocal;
import java.nio.ByteBuffer;

/**
 * The buffers a loop's WebSocket sessions share, each used only within one call and never across two:
 * a session's frame headers and control frames are built in {@link #small}, a client's masked payload passes
 * through {@link #mask}, and compressed output is gathered in {@link #deflate} until it leaves as a frame.
 */
final class WsScratch {
    private static final LoopLocal<WsScratch> PER_LOOP = new LoopLocal<>(loop -> new WsScratch());

    /** Compressed output of one frame: also the most payload one compressed frame carries. */
    static final int DEFLATE_BYTES = 32 * 1024;

    /** A header (at most 14 bytes) or a whole control frame (at most 14 + 125 bytes). */
    final ByteBuffer small = ByteBuffer.allocate(256);
    final ByteBuffer mask = ByteBuffer.allocate(16 * 1024);
    final ByteBuffer deflate = ByteBuffer.allocate(DEFLATE_BYTES);

    WsScratch() {
    }

    static WsScratch of(EventLoop loop) {
        return PER_LOOP.get(loop);
    }
}
