package io.getty.ws.internal;

import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses incoming permessage-deflate messages (RFC 7692 section 7.2.2): the payload of every frame
 * of a message with RSV1 set on its first frame is raw DEFLATE; at the message's end the
 * {@code 00 00 FF FF} the sender removed is appended and inflated too.
 *
 * <pre>
 *   frames:   [RSV1 f2 48 cd] [c9 c9 07 00]  + 00 00 ff ff at the end
 *   calls:    inflate(piece) ... inflate(piece) ... finish()
 *   output:   "Hello"
 * </pre>
 *
 * <p>A message may inflate to no more than {@code maxMessageLength} bytes. The inflater is never given
 * room for more than one byte past the limit, so a zip bomb (a few KiB that would inflate to gigabytes) is
 * reported as a {@link CloseCodes#MESSAGE_TOO_BIG 1009} after at most {@code maxMessageLength + 1} bytes of
 * output and never allocated. Data that is not DEFLATE is a {@link CloseCodes#INVALID_PAYLOAD 1007}.
 *
 * <p>A block with BFINAL set (section 7.2.3.4) ends the DEFLATE stream; what follows it in the message is
 * read as a new stream, and the inflater is reset at the end of that message whatever the context takeover,
 * since the JDK's {@link Inflater} cannot go past a final block and keep its window. A peer whose later data
 * refers back across a final block gets a 1007, never wrong bytes.
 *
 * <p>The {@link Inflater} is made on the first message and freed by {@link #release()}. Not thread-safe:
 * one instance per connection, on its event loop.
 */
public final class MessageInflater {

    private static final byte[] NO_INPUT = new byte[0];

    private final boolean noContextTakeover;
    private final long maxMessageLength;
    private Inflater inflater;
    /** The removed tail, given to the inflater at the end of every message. */
    private ByteBuffer tail;
    private boolean released;
    /** Bytes this message has inflated to so far. */
    private long produced;
    /** The last inflate call filled all the room it had: more output may be pending inside the inflater. */
    private boolean outputPending;
    /** This message reached a final block. */
    private boolean streamEnded;
    private boolean finishing;

    /**
     * @param noContextTakeover reset after every message (the peer's {@code *_no_context_takeover})
     * @param maxMessageLength  the most bytes one message may inflate to
     */
    public MessageInflater(boolean noContextTakeover, long maxMessageLength) {
        if (maxMessageLength < 0) {
            throw new IllegalArgumentException("maxMessageLength < 0: " + maxMessageLength);
        }
        this.noContextTakeover = noContextTakeover;
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Inflates the compressed bytes between {@code src}'s position and limit (the next piece of the
     * message's payload) into {@code dst} from its position on; {@code src}'s position moves past what is
     * consumed.
     *
     * @return {@code true} when {@code src} is used up and all it yields is in {@code dst}; {@code false}
     *     when {@code dst} is full first: make room (or a new buffer) and call again with the same {@code src}
     * @throws WebSocketProtocolException 1009 when the message inflates to more than the limit, 1007 when
     *     the data is not DEFLATE
     */
    public boolean inflate(ByteBuffer src, ByteBuffer dst) {
        if (finishing) {
            throw new IllegalStateException("finish() the message first");
        }
        return run(src, dst);
    }

    /**
     * Ends the message: inflates the removed tail, which releases the output still held back, then resets
     * for the next message (without context takeover, or after a final block).
     *
     * @return {@code true} when the message is complete in the buffers given so far; {@code false} when
     *     {@code dst} is full first: make room and call again
     * @throws WebSocketProtocolException as {@link #inflate}
     */
    public boolean finish(ByteBuffer dst) {
        Inflater inf = inflater();
        if (!finishing) {
            finishing = true;
            tail.clear();
        }
        if (!run(tail, dst)) {
            return false;
        }
        finishing = false;
        if (noContextTakeover || streamEnded) {
            inf.reset();
        }
        produced = 0;
        streamEnded = false;
        return true;
    }

    /** Frees the {@link Inflater}'s native memory; the decompressor cannot be used afterwards. */
    public void release() {
        released = true;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private boolean run(ByteBuffer src, ByteBuffer dst) {
        Inflater inf = inflater();
        while (true) {
            if (inf.finished()) {
                // A final block ended the stream; what follows in the message is a new stream.
                streamEnded = true;
                inf.reset();
                outputPending = false;
            }
            if (inf.needsInput() && src.hasRemaining()) {
                inf.setInput(src);
            }
            if (inf.needsInput() && !outputPending) {
                // The Inflater judges "needs input" by the buffer it was last given: forget it, or the
                // caller's bytes after this piece (the next frame) would be read as compressed data.
                inf.setInput(NO_INPUT);
                return true;
            }
            long allowed = maxMessageLength - produced + 1; // one byte more tells "too big"
            int room = (int) Math.min(dst.remaining(), allowed);
            if (room == 0) {
                return false;
            }
            int limit = dst.limit();
            dst.limit(dst.position() + room);
            int n;
            try {
                n = inf.inflate(dst);
            } catch (DataFormatException e) {
                throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD,
                        "compressed message is not valid DEFLATE data", e);
            } finally {
                dst.limit(limit);
            }
            produced += n;
            if (produced > maxMessageLength) {
                throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                        "message inflates to more than " + maxMessageLength + " bytes");
            }
            outputPending = n == room;
            if (n == 0 && !inf.needsInput() && !inf.finished()) {
                // Input and room were there and nothing came out: only a preset dictionary does that,
                // which raw DEFLATE cannot ask for.
                throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD,
                        "compressed message made no progress");
            }
        }
    }

    private Inflater inflater() {
        if (inflater == null) {
            if (released) {
                throw new IllegalStateException("released");
            }
            inflater = new Inflater(true);
            tail = ByteBuffer.wrap(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF});
        }
        return inflater;
    }
}
