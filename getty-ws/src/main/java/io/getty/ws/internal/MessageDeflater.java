package io.getty.ws.internal;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages for permessage-deflate (RFC 7692 section 7.2.1): raw DEFLATE, each message
 * ended by a sync flush whose trailing {@code 00 00 FF FF} is removed. The frames that carry a compressed
 * message have RSV1 set on the first frame only (section 6); that is the frame writer's caller's part.
 *
 * <pre>
 *   payload:      "Hello"
 *   deflate:      f2 48 cd c9 c9 07 00 | 00 00 ff ff   (sync flush)
 *   compressed:   f2 48 cd c9 c9 07 00                 (the tail removed)
 * </pre>
 *
 * <p>The output need not fit in one buffer: when {@code dst} fills up, {@link #deflate}, {@link #flush} and
 * {@link #finish} return {@code false} and go on where they stopped in the next buffer, so a long message can
 * leave as several frames of bounded size. The last four bytes written so far are held back until the message is done,
 * since they may be the tail to remove.
 *
 * <p>A peer may limit this end's LZ77 window below the 32 KiB the JDK's {@link Deflater} always uses
 * ({@code server_max_window_bits}, RFC 7692 section 7.1.2.1). Then the compressor makes Huffman codes only
 * ({@link Deflater#HUFFMAN_ONLY}): with no back-references at all, no distance can exceed any window, so the
 * stream is valid for every window size, at the cost of compression ratio.
 *
 * <p>The {@link Deflater} (about 256 KiB of native memory) is made on the first message and freed by
 * {@link #release()}. Without context takeover it is reset after every message; with it, each message
 * refers back to the ones before. Not thread-safe: one instance per connection, on its event loop.
 */
public final class MessageDeflater {

    /**
     * The least room every method here needs in {@code dst} per call: up to 4 held-back bytes, and more than 6
     * for zlib, which otherwise writes a new flush marker on every call and never finishes (zlib's manual,
     * on {@code Z_SYNC_FLUSH}: "make sure that avail_out is greater than six").
     */
    public static final int MIN_ROOM = 16;

    private static final byte[] NO_INPUT = new byte[0];

    private final int level;
    private final boolean noContextTakeover;
    private final boolean literalsOnly;
    private final byte[] held = new byte[4];
    private int heldCount;
    private boolean inMessage;
    private boolean unflushed;
    private Deflater deflater;
    private boolean released;

    /**
     * @param level             the DEFLATE level, 0-9 or -1 for zlib's default
     * @param noContextTakeover reset after every message (this end's {@code *_no_context_takeover})
     * @param windowBits        the largest LZ77 window this end may use, 8-15 (15: the JDK's own)
     */
    public MessageDeflater(int level, boolean noContextTakeover, int windowBits) {
        if (windowBits < 8 || windowBits > PerMessageDeflate.JDK_WINDOW_BITS) {
            throw new IllegalArgumentException("window bits " + windowBits + " are not 8..15");
        }
        this.level = level;
        this.noContextTakeover = noContextTakeover;
        this.literalsOnly = windowBits < PerMessageDeflate.JDK_WINDOW_BITS;
    }

    /**
     * Takes the next piece of a message, the bytes between {@code src}'s position and limit, compressing what
     * zlib emits into {@code dst} without flushing: a message may arrive in any number of pieces (the chunks of
     * a session's output), ended by {@link #finish}.
     *
     * @return {@code true} when {@code src} is used up (its bytes are inside the compressor or in
     *     {@code dst}); {@code false} when {@code dst} is full first: empty it and call again with the same
     *     {@code src}
     */
    public boolean deflate(ByteBuffer src, ByteBuffer dst) {
        checkRoom(dst);
        if (!src.hasRemaining()) {
            return true;
        }
        Deflater d = deflater();
        putHeld(dst);
        inMessage = true;
        unflushed = true;
        d.setInput(src);
        try {
            while (!d.needsInput()) {
                if (!dst.hasRemaining()) {
                    return false;
                }
                d.deflate(dst, Deflater.NO_FLUSH);
            }
            return true;
        } finally {
            d.setInput(NO_INPUT); // drop the reference to the caller's buffer
        }
    }

    /**
     * Flushes everything given so far into {@code dst} (a sync flush, kept whole: the message goes on after
     * it), so that the bytes taken are all carried by output.
     *
     * @return {@code true} when done; {@code false} when {@code dst} is full first: empty it and call again
     */
    public boolean flush(ByteBuffer dst) {
        checkRoom(dst);
        if (!inMessage) {
            return true;
        }
        Deflater d = deflater();
        putHeld(dst);
        while (true) {
            int room = dst.remaining();
            if (room == 0) {
                return false;
            }
            if (d.deflate(dst, Deflater.SYNC_FLUSH) < room) {
                unflushed = false;
                return true;
            }
        }
    }

    /**
     * Ends the message: a sync flush whose tail is removed, then a reset without context takeover.
     *
     * @return {@code true} when the message is done, its last byte in {@code dst}; {@code false} when
     *     {@code dst} is full first: send or keep what it holds, and call again with a buffer with room
     */
    public boolean finish(ByteBuffer dst) {
        checkRoom(dst);
        if (!unflushed) {
            // An empty message, or nothing since a sync flush: one empty stored block without its tail
            // (section 7.2.3.6), the block header the peer's appended tail completes. zlib would write
            // nothing at all after a flush, leaving no tail to remove.
            dst.put((byte) 0);
            if (inMessage) {
                endMessage(deflater());
            }
            return true;
        }
        Deflater d = deflater();
        putHeld(dst);
        while (true) {
            int room = dst.remaining();
            if (room == 0) {
                holdBackTail(dst);
                return false;
            }
            // With SYNC_FLUSH, output that stops short of the room given means all input is consumed and
            // flushed (zlib's deflate contract, as Deflater.deflate documents it).
            if (d.deflate(dst, Deflater.SYNC_FLUSH) < room) {
                break;
            }
        }
        int end = dst.position();
        if (dst.get(end - 4) != 0 || dst.get(end - 3) != 0 || dst.get(end - 2) != (byte) 0xFF
                || dst.get(end - 1) != (byte) 0xFF) {
            throw new IllegalStateException("sync flush did not end in 00 00 FF FF");
        }
        dst.position(end - 4);
        endMessage(d);
        return true;
    }

    private void endMessage(Deflater d) {
        inMessage = false;
        unflushed = false;
        if (noContextTakeover) {
            d.reset();
        }
    }

    private void checkRoom(ByteBuffer dst) {
        if (released) {
            throw new IllegalStateException("released");
        }
        if (dst.remaining() < MIN_ROOM) {
            throw new IllegalArgumentException("dst has " + dst.remaining() + " bytes of room; "
                    + MIN_ROOM + " needed");
        }
    }

    private void putHeld(ByteBuffer dst) {
        if (heldCount > 0) {
            dst.put(held, 0, heldCount);
            heldCount = 0;
        }
    }

    /** Frees the {@link Deflater}'s native memory; the compressor cannot be used afterwards. */
    public void release() {
        released = true;
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /** Keeps the last four bytes in {@code dst} out of it: they may turn out to be the tail to remove. */
    private void holdBackTail(ByteBuffer dst) {
        int end = dst.position();
        dst.get(end - 4, held, 0, 4);
        heldCount = 4;
        dst.position(end - 4);
    }

    private Deflater deflater() {
        if (deflater == null) {
            deflater = new Deflater(level, true);
            if (literalsOnly) {
                deflater.setStrategy(Deflater.HUFFMAN_ONLY); // kept by reset(), so it holds for every message
            }
        }
        return deflater;
    }
}
