package io.getty.benchmarks.load;

import io.getty.benchmarks.load.Failure.Kind;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Arrays;

/**
 * One closed-loop UDP peer: a socket connected to the echo server that keeps {@code depth} datagrams in
 * flight, verifies every echoed byte, and sends the next datagram for each echo. A datagram that is not back
 * within the loss timeout is counted as lost and its place given to the next one; if its echo comes later after
 * all (a stall of the server, not a loss), it is verified and no longer counted as lost, but not timed either.
 *
 * <p>Datagram {@code s} waits in slot {@code s % depth}; the next datagram is sent only into a free slot. The
 * payload is the one of {@link Payload}, without a length prefix: the datagram is the frame. Nothing here
 * allocates per datagram.
 */
final class DatagramLoadPeer {
    private static final long FREE = -1;
    /** Datagrams read per readiness event before the others get their turn. */
    private static final int READS_PER_EVENT = 64;

    private final int id;
    private final DatagramChannel channel;
    private final int size;
    private final int depth;
    private final LatencyRecorder recorder;
    private final ByteBuffer out;
    /** One byte longer than a datagram sent: a longer echo shows. */
    private final ByteBuffer in;
    private final long[] slotSequence;
    private final long[] slotSentAt;

    private SelectionKey key;
    private boolean writeInterest;
    private long nextToSend;
    private int inFlight;
    private long lost;
    private long lastProgressNanos;

    DatagramLoadPeer(int id, DatagramChannel channel, LoadOptions options, LatencyRecorder recorder) {
        this.id = id;
        this.channel = channel;
        this.size = options.size();
        this.depth = options.depth();
        this.recorder = recorder;
        this.out = ByteBuffer.allocateDirect(size);
        this.in = ByteBuffer.allocateDirect(size + 1);
        this.slotSequence = new long[depth];
        this.slotSentAt = new long[depth];
        Arrays.fill(slotSequence, FREE);
    }

    void attach(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    /** Datagrams counted as lost so far, less those that came back late. */
    long lost() {
        return lost;
    }

    /** Puts the first {@code depth} datagrams in flight. */
    Failure start(long nowNanos) {
        lastProgressNanos = nowNanos;
        return fill(nowNanos);
    }

    /** Reads the echoes that arrived, verifies each, and sends the next datagrams. */
    Failure onReadable() {
        long now = System.nanoTime();
        for (int i = 0; i < READS_PER_EVENT; i++) {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (PortUnreachableException e) {
                return unreachable();
            } catch (IOException e) {
                return Failure.at(Kind.CONNECTION_LOST, id, nextToSend, "receive failed: " + e.getMessage());
            }
            if (n == 0) {
                break; // nothing more queued
            }
            Failure bad = verify(n);
            if (bad != null) {
                return bad;
            }
            long sequence = Payload.sequence(in, 0);
            int slot = (int) (sequence % depth);
            if (slotSequence[slot] != sequence) {
                lost--; // late: it was counted as lost (loopback does not duplicate datagrams)
                continue;
            }
            recorder.echoed(now - slotSentAt[slot]);
            slotSequence[slot] = FREE;
            inFlight--;
            lastProgressNanos = now;
        }
        return fill(now);
    }

    /** The socket has room again for a datagram it could not take before. */
    Failure onWritable() {
        return fill(System.nanoTime());
    }

    /**
     * Counts as lost the datagrams older than {@code lossNanos} and sends others in their place; fails if
     * datagrams are in flight and none has come back for {@code stallNanos}.
     */
    Failure checkLoss(long nowNanos, long lossNanos, long stallNanos) {
        if (inFlight > 0 && nowNanos - lastProgressNanos > stallNanos) {
            return Failure.at(Kind.STALL, id, nextToSend, "no echo for " + (nowNanos - lastProgressNanos) / 1_000_000
                    + " ms with " + inFlight + " datagram(s) in flight (" + lost + " lost so far)");
        }
        for (int slot = 0; slot < depth; slot++) {
            if (slotSequence[slot] != FREE && nowNanos - slotSentAt[slot] > lossNanos) {
                slotSequence[slot] = FREE;
                inFlight--;
                lost++;
            }
        }
        return fill(nowNanos);
    }

    private Failure verify(int n) {
        if (n != size) {
            return Failure.at(Kind.WRONG_LENGTH, id, nextToSend, "an echoed datagram has " + (n > size ? "more than " : "")
                    + n + " bytes, sent " + size);
        }
        int connection = Payload.connection(in, 0);
        if (connection != id) {
            return Failure.at(Kind.WRONG_CONNECTION, id, nextToSend, "an echoed datagram carries connection id "
                    + connection);
        }
        long sequence = Payload.sequence(in, 0);
        if (sequence < 0 || sequence >= nextToSend) {
            return Failure.at(Kind.BYTE_MISMATCH, id, sequence, "echoed sequence number " + sequence
                    + " was never sent (corrupted header)");
        }
        int offset = Payload.firstBadFillerByte(in, 0, size, id, sequence);
        if (offset >= 0) {
            return Failure.at(Kind.BYTE_MISMATCH, id, sequence, String.format("payload byte %d is 0x%02x, sent 0x%02x",
                    offset, in.get(offset) & 0xFF, Payload.expectedFillerByte(id, sequence, offset) & 0xFF));
        }
        return null;
    }

    /** Sends datagrams while their slots are free and the socket takes them. */
    private Failure fill(long nowNanos) {
        while (slotSequence[(int) (nextToSend % depth)] == FREE) {
            Payload.write(out, 0, size, id, nextToSend);
            out.clear();
            int n;
            try {
                n = channel.write(out);
            } catch (PortUnreachableException e) {
                return unreachable();
            } catch (IOException e) {
                return Failure.at(Kind.CONNECTION_LOST, id, nextToSend, "send failed: " + e.getMessage());
            }
            if (n == 0) {
                interest(true); // the socket's buffer is full: this datagram waits for OP_WRITE
                return null;
            }
            int slot = (int) (nextToSend % depth);
            slotSequence[slot] = nextToSend;
            slotSentAt[slot] = nowNanos;
            nextToSend++;
            inFlight++;
        }
        interest(false);
        return null;
    }

    /** Asks for OP_WRITE only while a datagram waits, touching interestOps only when that changes. */
    private void interest(boolean write) {
        if (write != writeInterest) {
            writeInterest = write;
            key.interestOps(write ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private Failure unreachable() {
        return Failure.at(Kind.CONNECTION_LOST, id, nextToSend, "the server is not there (ICMP port unreachable)");
    }
}
