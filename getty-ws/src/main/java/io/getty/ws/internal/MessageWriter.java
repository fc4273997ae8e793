package io.getty.ws.internal;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.ws.MessageType;
import io.getty.ws.WebSocketMessage;
import java.nio.ByteBuffer;

/**
 * A session's outbound frames. The session encodes each packet, unframed, into its top buffer; this writer
 * records where each packet ends and how to frame it ({@link #begin}, {@link #end}), and later moves the
 * packets from that buffer to the queue below as frames ({@link #write}), a header in front of each, masking
 * (client) or compressing (permessage-deflate) on the way.
 *
 * <pre>
 *   top buffer:   | packet 1 (5 bytes) | packet 2 (300 bytes) |        recorded: [5 TEXT fin] [300 BINARY fin]
 *   below:        | 81 05 ..5.. | 82 7e 01 2c ..300.. |
 * </pre>
 *
 * <p>Why not reserve each header in the top buffer and patch it after the packet is encoded: the top buffer
 * is a queue of chunks sent by gathering writes, so the unused bytes of a reserved maximal header would be a
 * hole to move bytes over; a compressed message's length is known only once it is compressed; and a client
 * masks every payload byte anyway. Copying the payload while it is still in the cache costs about what
 * masking costs, and one code path serves every case. Nothing is allocated per frame.
 *
 * <p>Control frames of this end (pongs, pings, the close frame) go straight below, except in the middle of a
 * data frame, where they wait for its end. A data frame is moved in pieces while the queue below is under
 * its quantum, so its header is written once, with the whole length; a compressed message leaves as frames of
 * at most {@link WsScratch#DEFLATE_BYTES} bytes, and whatever it has taken is flushed out of the compressor
 * when it stops at the quantum. Loop thread only.
 */
final class MessageWriter implements OutboundBuffer.ChunkSink {
    /** In a packet's kind: the last frame of its message. */
    private static final int FIN = 0x80;
    /** In a packet's kind: the first frame of its message (its opcode says the type). */
    private static final int FIRST = 0x40;
    private static final int OPCODE = 0x0F;

    /** Frame writers hold nothing but their side: one of each serves every session. */
    private static final FrameWriter CLIENT_FRAMES = new FrameWriter(true);
    private static final FrameWriter SERVER_FRAMES = new FrameWriter(false);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private static final int COPY = 0;
    private static final int MASK = 1;
    private static final int DEFLATE = 2;

    private final boolean client;
    private final FrameWriter frames;
    /** Null without permessage-deflate. */
    private MessageDeflater deflater;
    private WsScratch scratch;

    // Packets encoded and not yet framed, oldest first.
    private int[] lengths;
    private byte[] kinds;
    private int head;
    private int count;

    // The packet being encoded, between begin and end.
    private long beganAt;
    private int beganKind;
    /** The opcode of the message a fragment left open at encode time, or 0. */
    private int openAtEncode;

    // The packet being framed.
    private int remaining;
    private int kind;
    private boolean compressing;
    /** The first frame of the compressed message is still to be written (RSV1, the message's opcode). */
    private boolean messageStartPending;
    private int messageOpcode;
    private int key;
    private int phase;

    // What the sink does with the bytes it takes.
    private int sinkMode;
    private int want;
    private OutboundBuffer sinkBelow;

    // Control frames waiting for the end of a data frame.
    private boolean pingPending;
    private byte[] pong;
    private int pongLength = -1;
    private byte[] closePayload;
    /** The close frame is written: no frame follows it. */
    private boolean closed;

    MessageWriter(boolean client) {
        this.client = client;
        this.frames = client ? CLIENT_FRAMES : SERVER_FRAMES;
    }

    /** Starts the writer on its loop, with permessage-deflate as agreed (or {@code null}). */
    void start(WsScratch loopScratch, PerMessageDeflate.Params deflate, int level) {
        this.scratch = loopScratch;
        if (deflate != null) {
            deflater = new MessageDeflater(level, deflate.compressorResets(!client),
                    deflate.compressorWindowBits(!client));
        }
    }

    // ---------------------------------------------------------------- recording packets

    /**
     * Decides how the packet about to be encoded is framed, and returns what the session's writer encodes.
     *
     * @throws IllegalStateException for a packet that is not the next fragment of an open message
     */
    Object begin(Object pkg, OutboundBuffer top) {
        Object content;
        MessageType type;
        boolean last;
        boolean fragment;
        if (pkg instanceof WebSocketMessage m) {
            content = m.payload();
            type = m.type();
            last = m.isLast();
            fragment = true;
        } else {
            content = pkg;
            type = pkg instanceof CharSequence ? MessageType.TEXT : MessageType.BINARY;
            last = true;
            fragment = false;
        }
        if (openAtEncode != 0 && !fragment) {
            throw new IllegalStateException("a fragmented message is open: only its fragments (WebSocketMessage."
                    + "fragment) may be written until its last");
        }
        int opcode = openAtEncode != 0 ? openAtEncode : type == MessageType.TEXT ? Frames.TEXT : Frames.BINARY;
        beganKind = (openAtEncode == 0 ? FIRST : 0) | (last ? FIN : 0) | opcode;
        beganAt = top.appendedTotal();
        return content;
    }

    /** The packet of the last {@link #begin} is encoded ({@code ok}) or taken back. */
    void end(OutboundBuffer top, boolean ok) {
        if (!ok) {
            return;
        }
        long length = top.appendedTotal() - beganAt;
        if (count == (lengths == null ? 0 : lengths.length)) {
            grow();
        }
        int at = (head + count) & (lengths.length - 1);
        lengths[at] = (int) length;
        kinds[at] = (byte) beganKind;
        count++;
        openAtEncode = (beganKind & FIN) != 0 ? 0 : beganKind & OPCODE;
    }

    private void grow() {
        int n = lengths == null ? 8 : lengths.length * 2;
        int[] l = new int[n];
        byte[] k = new byte[n];
        for (int i = 0; i < count; i++) {
            l[i] = lengths[(head + i) & (lengths.length - 1)];
            k[i] = kinds[(head + i) & (lengths.length - 1)];
        }
        lengths = l;
        kinds = k;
        head = 0;
    }

    /** Forgets the packets not yet framed (their bytes were dropped: the connection is failing). */
    void discardQueued() {
        count = 0;
        head = 0;
        remaining = 0;
        compressing = false;
        openAtEncode = 0;
    }

    // ---------------------------------------------------------------- framing

    /** Whether a data frame is partly below: a control frame now would land inside it. */
    boolean inFrame() {
        return remaining > 0 && !compressing;
    }

    /**
     * Frames packets from {@code above} into {@code below} while {@code below} holds less than {@code quantum}
     * bytes; what it takes from {@code above} is all carried by what it appends.
     */
    void write(OutboundBuffer above, OutboundBuffer below, int quantum) {
        if (closed) {
            discardAfterClose(above);
            return;
        }
        while (true) {
            if (remaining > 0) {
                if (below.size() >= quantum) {
                    if (compressing) {
                        flushCompressor(below); // what was taken is carried when the call returns
                    }
                    return;
                }
                if (compressing) {
                    compressSome(above, below, quantum);
                } else {
                    moveSome(above, below, quantum);
                }
                if (remaining > 0) {
                    continue;
                }
                if (compressing) {
                    endCompressed(below);
                }
                writePendingControls(below);
                continue;
            }
            if (count == 0 || below.size() >= quantum && lengths[head] > 0) {
                return;
            }
            startNext(below);
        }
    }

    /** Writes the packets at the front that carry no bytes (empty messages), when no frame is under way. */
    void writeEmpties(OutboundBuffer below) {
        while (!closed && remaining == 0 && count > 0 && lengths[head] == 0) {
            startNext(below);
        }
    }

    /** Takes the next recorded packet and writes its header (plain), or readies the compressor. */
    private void startNext(OutboundBuffer below) {
        int length = lengths[head];
        kind = kinds[head];
        head = (head + 1) & (lengths.length - 1);
        count--;
        remaining = length;
        if (deflater != null) {
            compressing = true;
            if ((kind & FIRST) != 0) {
                messageStartPending = true;
                messageOpcode = kind & OPCODE;
            }
            if (length == 0) {
                endCompressed(below);
            }
            return;
        }
        int opcode = (kind & FIRST) != 0 ? kind & OPCODE : Frames.CONTINUATION;
        phase = 0;
        if (client) {
            ByteBuffer header = scratch.small.clear();
            key = frames.writeHeader(header, (kind & FIN) != 0, 0, opcode, length);
            below.writeBytes(header.flip());
        } else {
            writeServerHeader(below, (kind & FIN) != 0, opcode, length);
        }
    }

    /** An unmasked header with the shortest length (RFC 6455 section 5.2), straight into the queue below. */
    private static void writeServerHeader(OutboundBuffer below, boolean fin, int opcode, int length) {
        below.writeByte((fin ? Frames.FIN : 0) | opcode);
        if (length <= 125) {
            below.writeByte(length);
        } else if (length <= 0xFFFF) {
            below.writeByte(126).writeShort(length);
        } else {
            below.writeByte(127).writeLong(length);
        }
    }

    private void moveSome(OutboundBuffer above, OutboundBuffer below, int quantum) {
        sinkMode = client ? MASK : COPY;
        sinkBelow = below;
        want = Math.min(remaining, Math.max(quantum - below.size(), 1024));
        remaining -= (int) drain(above);
    }

    private void compressSome(OutboundBuffer above, OutboundBuffer below, int quantum) {
        sinkMode = DEFLATE;
        sinkBelow = below;
        want = Math.min(remaining, Math.max(quantum - below.size(), 4096));
        remaining -= (int) drain(above);
    }

    private long drain(OutboundBuffer above) {
        long taken;
        try {
            taken = above.drainTo(this);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // the sink throws none
        }
        if (taken == 0) {
            throw new IllegalStateException("a recorded packet's bytes are missing from the session's output");
        }
        return taken;
    }

    @Override
    public long take(ByteBuffer[] chunks, int offset, int length) {
        int left = want;
        long taken = 0;
        for (int i = offset; i < offset + length && left > 0; i++) {
            ByteBuffer chunk = chunks[i];
            int n = Math.min(left, chunk.remaining());
            if (n == 0) {
                continue;
            }
            int at = chunk.position();
            int limit = chunk.limit();
            chunk.limit(at + n);
            switch (sinkMode) {
                case COPY -> sinkBelow.writeBytes(chunk);
                case MASK -> {
                    writeMasked(sinkBelow, chunk, at, n, key, phase);
                    phase = (phase + n) & 3;
                }
                default -> {
                    while (true) {
                        ensureDeflateRoom();
                        if (deflater.deflate(chunk, scratch.deflate)) {
                            break;
                        }
                    }
                }
            }
            chunk.limit(limit).position(at + n);
            left -= n;
            taken += n;
        }
        return taken;
    }

    private void ensureDeflateRoom() {
        if (scratch.deflate.remaining() < MessageDeflater.MIN_ROOM) {
            writeCompressed(sinkBelow, false);
        }
    }

    /** Flushes what the compressor took into frames (the message goes on later). */
    private void flushCompressor(OutboundBuffer below) {
        sinkBelow = below;
        while (true) {
            ensureDeflateRoom();
            if (deflater.flush(scratch.deflate)) {
                break;
            }
        }
        if (scratch.deflate.position() > 0) {
            writeCompressed(below, false);
        }
    }

    /** The packet's bytes are all in the compressor: end the message, or flush at the end of a fragment. */
    private void endCompressed(OutboundBuffer below) {
        compressing = false;
        sinkBelow = below;
        if ((kind & FIN) == 0) {
            flushCompressor(below);
            return;
        }
        while (true) {
            ensureDeflateRoom();
            if (deflater.finish(scratch.deflate)) {
                break;
            }
        }
        writeCompressed(below, true);
    }

    /** Writes the compressed bytes gathered so far as one frame. */
    private void writeCompressed(OutboundBuffer below, boolean fin) {
        ByteBuffer out = scratch.deflate;
        int n = out.position();
        int opcode = messageStartPending ? messageOpcode : Frames.CONTINUATION;
        int rsv = messageStartPending ? Frames.RSV1 : 0;
        messageStartPending = false;
        writeFrame(below, fin, rsv, opcode, out, 0, n);
        out.clear();
    }

    /** A whole frame: header, then {@code n} payload bytes of {@code src} from index {@code from}. */
    private void writeFrame(OutboundBuffer below, boolean fin, int rsv, int opcode, ByteBuffer src, int from, int n) {
        ByteBuffer header = scratch.small.clear();
        int frameKey = frames.writeHeader(header, fin, rsv, opcode, n);
        below.writeBytes(header.flip());
        if (client) {
            writeMasked(below, src, from, n, frameKey, 0);
        } else if (n > 0) {
            int position = src.position();
            int limit = src.limit();
            src.limit(from + n).position(from);
            below.writeBytes(src);
            src.limit(limit).position(position);
        }
    }

    private void writeMasked(OutboundBuffer below, ByteBuffer src, int from, int n, int maskKey, int maskPhase) {
        ByteBuffer m = scratch.mask;
        while (n > 0) {
            int k = Math.min(n, m.capacity());
            Masking.copyMasked(src, from, m, 0, k, maskKey, maskPhase);
            m.limit(k).position(0);
            below.writeBytes(m);
            m.clear();
            from += k;
            n -= k;
            maskPhase = (maskPhase + k) & 3;
        }
    }

    private void discardAfterClose(OutboundBuffer above) {
        // Only a write that raced with the close can be here: nothing may follow a close frame.
        sinkMode = COPY;
        want = 0;
        discardQueued();
        try {
            above.drainTo((chunks, offset, length) -> {
                long n = 0;
                for (int i = offset; i < offset + length; i++) {
                    n += chunks[i].remaining();
                    chunks[i].position(chunks[i].limit());
                }
                return n;
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- control frames

    /** A pong answering a ping with {@code payload}: now, or at the end of the data frame under way. */
    void pong(OutboundBuffer below, ByteBuffer payload) {
        if (closed) {
            return;
        }
        if (!inFrame()) {
            writeControl(below, Frames.PONG, payload);
            return;
        }
        if (pong == null) {
            pong = new byte[Frames.MAX_CONTROL_PAYLOAD];
        }
        pongLength = payload.remaining(); // only the latest ping needs its pong (RFC 6455 section 5.5.3)
        payload.get(payload.position(), pong, 0, pongLength);
    }

    /** A ping of this end (empty): now, or at the end of the data frame under way. */
    void ping(OutboundBuffer below) {
        if (closed) {
            return;
        }
        if (inFrame()) {
            pingPending = true;
        } else {
            writeControl(below, Frames.PING, EMPTY);
        }
    }

    /** The close frame: now, or at the end of the data frame under way; nothing is written after it. */
    void close(OutboundBuffer below, byte[] payload) {
        if (closed) {
            return;
        }
        if (inFrame()) {
            closePayload = payload;
            return;
        }
        writeControl(below, Frames.CLOSE, ByteBuffer.wrap(payload));
        closed = true;
    }

    boolean closeWritten() {
        return closed;
    }

    private void writePendingControls(OutboundBuffer below) {
        if (pingPending) {
            pingPending = false;
            writeControl(below, Frames.PING, EMPTY);
        }
        if (pongLength >= 0) {
            writeControl(below, Frames.PONG, ByteBuffer.wrap(pong, 0, pongLength));
            pongLength = -1;
        }
        if (closePayload != null) {
            writeControl(below, Frames.CLOSE, ByteBuffer.wrap(closePayload));
            closePayload = null;
            closed = true;
        }
    }

    private void writeControl(OutboundBuffer below, int opcode, ByteBuffer payload) {
        ByteBuffer frame = scratch.small.clear();
        frames.writeFrame(frame, true, 0, opcode, payload);
        below.writeBytes(frame.flip());
    }

    /** Frees the compressor. */
    void release() {
        if (deflater != null) {
            deflater.release();
        }
    }
}
