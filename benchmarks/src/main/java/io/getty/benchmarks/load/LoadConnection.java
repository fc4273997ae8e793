package io.getty.benchmarks.load;

import io.getty.benchmarks.load.Failure.Kind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One closed-loop connection: keeps {@code depth} frames in flight, verifies every echoed byte and
 * the order, and sends the next frame for each verified echo.
 *
 * <p>Nothing here allocates per message: both buffers are direct and made once, send timestamps
 * live in a ring of {@code depth} longs (at most {@code depth} frames are ever unanswered, so the
 * slot of frame {@code s} is free again by the time frame {@code s + depth} is sent), and methods
 * report trouble by returning a {@link Failure}, which only exists when the run is over anyway.
 *
 * <p>The frames go through a {@link Pipe}: straight to the socket, or through TLS or DEFLATE.
 */
final class LoadConnection {

    private static final int MAX_RECEIVE_BUFFER = 64 * 1024;

    private final int id;
    private final SocketChannel channel;
    private final Pipe pipe;
    private final int size;
    /** Bytes of one frame sent, and of one echo: the same for length-prefixed frames, not for WebSocket. */
    private final int frameBytes;
    private final int echoFrameBytes;
    /** WebSocket: the header lengths of a frame sent (masked) and of an echo (unmasked); 0 otherwise. */
    private final int sendHeader;
    private final int echoHeader;
    private final boolean webSocket;
    /** xorshift state for masking keys: a load generator needs keys that vary, not secret ones. */
    private int maskSeed;
    private final int depth;
    private final LatencyRecorder recorder;

    /** Frames not yet taken by the socket, in fill mode. Holds at most depth frames: see class doc. */
    private final ByteBuffer out;
    /** Echoed bytes not yet verified, in fill mode. */
    private final ByteBuffer in;
    private final long[] sentAtNanos;

    private SelectionKey key;
    private boolean writeInterest;
    /** The pipe holds bytes the socket has not taken yet. */
    private boolean waitingForSocket;
    private long nextToSend;
    private long nextExpected;
    private int sendSlot;
    private int receiveSlot;
    private long lastProgressNanos;

    LoadConnection(int id, SocketChannel channel, Pipe pipe, LoadOptions options, LatencyRecorder recorder) {
        this.id = id;
        this.channel = channel;
        this.pipe = pipe;
        this.size = options.size();
        this.frameBytes = options.sendFrameBytes();
        this.echoFrameBytes = options.echoFrameBytes();
        this.webSocket = options.webSocket();
        this.sendHeader = webSocket ? LoadOptions.webSocketHeader(size, true) : 4;
        this.echoHeader = webSocket ? LoadOptions.webSocketHeader(size, false) : 4;
        this.maskSeed = 0x9E3779B9 ^ (id * 0x85EBCA6B) | 1;
        this.depth = options.depth();
        this.recorder = recorder;
        this.out = ByteBuffer.allocateDirect(depth * frameBytes);
        this.in = ByteBuffer.allocateDirect(Math.max(receiveBufferBytes(depth, echoFrameBytes),
                echoFrameBytes + pipe.plaintextRoom()));
        this.sentAtNanos = new long[depth];
    }

    /** Room for all echoes in flight, capped at 64 KiB (TCP holds the rest), but always one whole frame. */
    static int receiveBufferBytes(int depth, int frameBytes) {
        return Math.max(frameBytes, (int) Math.min(MAX_RECEIVE_BUFFER, (long) depth * frameBytes));
    }

    void attach(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Frees what the pipe holds outside the heap; the run is over. */
    void release() {
        pipe.release();
    }

    /** Whether the pipe is ready for frames (its TLS handshake is done). */
    boolean ready() {
        return pipe.ready();
    }

    /** Starts what the pipe exchanges before any frame (a TLS handshake): its first bytes go out. */
    Failure beginHandshake() {
        return flush();
    }

    /** Puts the first {@code depth} frames in flight. */
    Failure start(long nowNanos) {
        lastProgressNanos = nowNanos;
        for (int i = 0; i < depth; i++) {
            queueNextFrame(nowNanos);
        }
        return flush();
    }

    /** Reads what arrived, verifies each complete frame and answers each with the next frame. */
    Failure onReadable() {
        int n;
        try {
            n = pipe.read(in);
        } catch (IOException e) {
            return lost("read failed: " + e.getMessage());
        }
        if (n < 0) {
            return lost("closed by the server (EOF)");
        }
        long now = System.nanoTime();
        while (true) {
            Failure bad = verifyFrames(now);
            if (bad != null) {
                return bad;
            }
            if (!pipe.hasBufferedInput()) {
                break;
            }
            try {
                if (pipe.drain(in) == 0) { // what did not fit before: there is room now
                    break;
                }
            } catch (IOException e) {
                return lost("read failed: " + e.getMessage());
            }
        }
        return flush();
    }

    /** Verifies the complete frames in {@code in}, queues the next frame for each, keeps a partial one. */
    private Failure verifyFrames(long now) {
        in.flip();
        int pos = in.position();
        int limit = in.limit();
        while (limit - pos >= (webSocket ? 2 : 4)) {
            Failure header = webSocket ? checkWebSocketHeader(pos, limit) : checkLength(pos);
            if (header != null) {
                return header;
            }
            if (limit - pos < echoFrameBytes) {
                break;
            }
            Failure bad = verify(pos + echoHeader);
            if (bad != null) {
                return bad;
            }
            recorder.echoed(now - sentAtNanos[receiveSlot]);
            if (++receiveSlot == depth) {
                receiveSlot = 0;
            }
            nextExpected++;
            lastProgressNanos = now;
            pos += echoFrameBytes;
            queueNextFrame(now);
        }
        in.position(pos);
        in.compact();
        return null;
    }

    private Failure checkLength(int pos) {
        int length = in.getInt(pos);
        if (length != size) {
            return Failure.at(Kind.WRONG_LENGTH, id, nextExpected, "echoed frame length is " + length + ", sent " + size);
        }
        return null;
    }

    /** An echo must be one final, unmasked binary frame of exactly the size sent, with the shortest header. */
    private Failure checkWebSocketHeader(int pos, int limit) {
        int b0 = in.get(pos) & 0xFF;
        int b1 = in.get(pos + 1) & 0xFF;
        int len7 = size <= 125 ? size : size <= 0xFFFF ? 126 : 127;
        if (b0 != 0x82 || b1 != len7) {
            return Failure.at(Kind.WRONG_LENGTH, id, nextExpected, String.format(
                    "echoed frame starts %02x %02x; expected %02x %02x (a final binary frame of %d bytes)", b0, b1,
                    0x82, len7, size));
        }
        if (limit - pos >= echoHeader) {
            long length = len7 == 126 ? in.getShort(pos + 2) & 0xFFFF : len7 == 127 ? in.getLong(pos + 2) : len7;
            if (length != size) {
                return Failure.at(Kind.WRONG_LENGTH, id, nextExpected, "echoed frame length is " + length + ", sent " + size);
            }
        }
        return null;
    }

    /** The socket has room again for frames it could not take before. */
    Failure onWritable() {
        return flush();
    }

    /** A stall: frames are in flight and nothing came back for {@code stallNanos}. */
    Failure checkStall(long nowNanos, long stallNanos) {
        long inFlight = nextToSend - nextExpected;
        long silent = nowNanos - lastProgressNanos;
        if (inFlight > 0 && silent > stallNanos) {
            return Failure.at(Kind.STALL, id, nextExpected, "no echo for " + silent / 1_000_000 + " ms with "
                    + inFlight + " frame(s) in flight (" + out.position() + " bytes not yet accepted by the socket)");
        }
        return null;
    }

    private Failure verify(int payload) {
        int connection = Payload.connection(in, payload);
        if (connection != id) {
            return Failure.at(Kind.WRONG_CONNECTION, id, nextExpected,
                    "echoed frame carries connection id " + connection);
        }
        long seq = Payload.sequence(in, payload);
        if (seq != nextExpected) {
            return orderFailure(seq);
        }
        int offset = Payload.firstBadFillerByte(in, payload, size, id, seq);
        if (offset >= 0) {
            return Failure.at(Kind.BYTE_MISMATCH, id, seq, String.format(
                    "payload byte %d is 0x%02x, sent 0x%02x", offset, in.get(payload + offset) & 0xFF,
                    Payload.expectedFillerByte(id, seq, offset) & 0xFF));
        }
        return null;
    }

    private Failure orderFailure(long seq) {
        if (seq < nextExpected) {
            return Failure.at(Kind.DUPLICATE, id, nextExpected,
                    "got seq " + seq + " again (already verified)");
        }
        if (seq < nextToSend) {
            return Failure.at(Kind.OUT_OF_ORDER, id, nextExpected,
                    "got seq " + seq + " first: frame " + nextExpected + " was dropped or reordered");
        }
        return Failure.at(Kind.BYTE_MISMATCH, id, nextExpected,
                "echoed sequence number " + seq + " was never sent (corrupted header)");
    }

    private void queueNextFrame(long nowNanos) {
        int length = frameBytes;
        int pos = out.position();
        if (webSocket) {
            writeMaskedFrame(pos);
        } else {
            out.putInt(pos, size);
            Payload.write(out, pos + 4, size, id, nextToSend);
        }
        out.position(pos + length);
        sentAtNanos[sendSlot] = nowNanos;
        if (++sendSlot == depth) {
            sendSlot = 0;
        }
        nextToSend++;
    }

    /** A final binary frame, masked with a fresh key as RFC 6455 section 5.3 asks of a client. */
    private void writeMaskedFrame(int pos) {
        out.put(pos, (byte) 0x82);
        int at = pos + 2;
        if (size <= 125) {
            out.put(pos + 1, (byte) (0x80 | size));
        } else if (size <= 0xFFFF) {
            out.put(pos + 1, (byte) (0x80 | 126));
            out.putShort(at, (short) size);
            at += 2;
        } else {
            out.put(pos + 1, (byte) (0x80 | 127));
            out.putLong(at, size);
            at += 8;
        }
        int seed = maskSeed;
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        maskSeed = seed;
        out.putInt(at, seed);
        int payload = at + 4;
        Payload.write(out, payload, size, id, nextToSend);
        long mask = ((long) seed << 32) | (seed & 0xFFFF_FFFFL);
        int i = payload;
        int end = payload + size;
        for (; i + 8 <= end; i += 8) {
            out.putLong(i, out.getLong(i) ^ mask);
        }
        for (int k = 0; i < end; i++, k++) {
            out.put(i, (byte) (out.get(i) ^ (seed >>> (24 - 8 * (k & 3)))));
        }
    }

    private Failure flush() {
        if (out.position() == 0 && !waitingForSocket && pipe.ready()) {
            return null;
        }
        out.flip();
        try {
            waitingForSocket = pipe.write(out);
        } catch (IOException e) {
            return lost("write failed: " + e.getMessage());
        } finally {
            out.compact();
        }
        // Ask for OP_WRITE only while bytes wait, and touch interestOps only when that changes:
        // each change costs an epoll_ctl.
        boolean pending = waitingForSocket;
        if (pending != writeInterest) {
            writeInterest = pending;
            key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
        return null;
    }

    private Failure lost(String what) {
        return Failure.at(Kind.CONNECTION_LOST, id, nextExpected,
                what + " with " + (nextToSend - nextExpected) + " frame(s) in flight");
    }
}
