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
    private final int frameBytes;
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

    LoadConnection(int id, SocketChannel channel, LoadOptions options, LatencyRecorder recorder) {
        this(id, channel, new PlainPipe(channel), options, recorder);
    }

    LoadConnection(int id, SocketChannel channel, Pipe pipe, LoadOptions options, LatencyRecorder recorder) {
        this.id = id;
        this.channel = channel;
        this.pipe = pipe;
        this.size = options.size();
        this.frameBytes = options.frameBytes();
        this.depth = options.depth();
        this.recorder = recorder;
        this.out = ByteBuffer.allocateDirect(depth * frameBytes);
        this.in = ByteBuffer.allocateDirect(Math.max(receiveBufferBytes(depth, frameBytes),
                frameBytes + pipe.plaintextRoom()));
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
        while (limit - pos >= 4) {
            int length = in.getInt(pos);
            if (length != size) {
                return Failure.at(Kind.WRONG_LENGTH, id, nextExpected,
                        "echoed frame length is " + length + ", sent " + size);
            }
            if (limit - pos < frameBytes) {
                break;
            }
            Failure bad = verify(pos + 4);
            if (bad != null) {
                return bad;
            }
            recorder.echoed(now - sentAtNanos[receiveSlot]);
            if (++receiveSlot == depth) {
                receiveSlot = 0;
            }
            nextExpected++;
            lastProgressNanos = now;
            pos += frameBytes;
            queueNextFrame(now);
        }
        in.position(pos);
        in.compact();
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
        out.putInt(pos, size);
        Payload.write(out, pos + 4, size, id, nextToSend);
        out.position(pos + length);
        sentAtNanos[sendSlot] = nowNanos;
        if (++sendSlot == depth) {
            sendSlot = 0;
        }
        nextToSend++;
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
