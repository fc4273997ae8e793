package io.getty.examples;

import io.getty.core.Session;
import io.getty.core.WriteFuture;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of an echo run over a transport that may lose messages (UDP): it sends its messages with
 * up to {@code window} awaiting their echo, checks every echo byte for byte by the connection and sequence it
 * carries, and counts as lost each message not back within {@link #LOSS_TIMEOUT_NANOS}, sending the next in its
 * place (and no longer counts it, should its echo come back later after all). It fails only on corruption (an
 * echo that is not a message this connection sent, byte for byte), or when the server is not there at all;
 * {@link EchoLoad} judges the losses.
 *
 * <p>Message {@code s} waits in slot {@code s % window}; the next message is sent only into a free slot, so a
 * message still awaited holds its slot until it comes back or is counted lost. Everything runs on the session's
 * event loop ({@code onOpen}, {@code onMessage}, and {@code onCron}, which looks for overdue messages).
 */
final class DatagramEchoConnection implements EchoPeer {
    /** How long a message may take to come back before it counts as lost. */
    static final long LOSS_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long FREE = -1;

    private final int id;
    private final int messages;
    private final int window;
    private final Payloads payloads;
    private final ByteBuffer outgoing;
    private final long[] slotSequence;
    private final long[] slotSentAt;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int sent;
    private volatile long echoed; // read by another thread only to say where a timed-out run stood
    private volatile long lost;
    private volatile boolean opened;

    DatagramEchoConnection(int id, int messages, int window, Payloads payloads) {
        this.id = id;
        this.messages = messages;
        this.window = window;
        this.payloads = payloads;
        this.outgoing = payloads.newBuffer();
        this.slotSequence = new long[window];
        this.slotSentAt = new long[window];
        Arrays.fill(slotSequence, FREE);
    }

    @Override
    public CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public long lost() {
        return lost;
    }

    @Override
    public void onOpen(Session session) {
        opened = true;
        fillWindow(session);
    }

    private void fillWindow(Session session) {
        while (sent < messages && slotSequence[sent % window] == FREE) {
            payloads.fill(outgoing, id, sent);
            WriteFuture write = session.writePkg(outgoing); // on the loop: copied at once
            if (write.cause() != null) {
                fail(session, sent, "the write failed: " + EchoConnection.describe(write.cause()));
                return;
            }
            slotSequence[sent % window] = sent;
            slotSentAt[sent % window] = System.nanoTime();
            sent++;
        }
    }

    @Override
    public void onMessage(Session session, ByteBuffer echo) {
        if (finished.isDone()) {
            return;
        }
        if (echo.remaining() != payloads.size()) {
            fail(session, -1, "an echo has " + echo.remaining() + " bytes, expected " + payloads.size());
            return;
        }
        // The header of every payload (see Payloads): the connection, then the sequence.
        int connection = echo.getInt(echo.position());
        long sequence = echo.getLong(echo.position() + Integer.BYTES);
        if (connection != id || sequence < 0 || sequence >= sent) {
            fail(session, -1, "an echo carries connection " + connection + ", sequence " + sequence
                    + ", which this connection never sent");
            return;
        }
        Optional<String> mismatch = payloads.verify(echo, id, sequence);
        if (mismatch.isPresent()) {
            fail(session, sequence, mismatch.get());
            return;
        }
        int slot = (int) (sequence % window);
        if (slotSequence[slot] != sequence) {
            // Late: counted as lost when it was overdue, but it came back after all (loopback does not duplicate).
            lost--;
            echoed++;
            return;
        }
        slotSequence[slot] = FREE;
        echoed++;
        fillWindow(session);
        finishIfDone(session);
    }

    @Override
    public void onCron(Session session) {
        if (finished.isDone()) {
            return;
        }
        long now = System.nanoTime();
        for (int slot = 0; slot < window; slot++) {
            if (slotSequence[slot] != FREE && now - slotSentAt[slot] > LOSS_TIMEOUT_NANOS) {
                slotSequence[slot] = FREE;
                lost++;
            }
        }
        fillWindow(session);
        finishIfDone(session);
    }

    private void finishIfDone(Session session) {
        if (echoed + lost == messages && !finished.isDone()) {
            finished.complete(null);
            session.close();
        }
    }

    @Override
    public void onError(Session session, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            fail(session, -1, "the server is not there (ICMP port unreachable)");
        }
        // Anything else concerns one datagram: it shows as a loss.
    }

    @Override
    public void onClose(Session session) {
        if (!finished.isDone()) {
            fail(null, -1, "the session closed with " + echoed + " of " + messages + " echoes back");
        }
    }

    @Override
    public void connectFailed(String server, Throwable cause) {
        finished.completeExceptionally(new EchoConnection.Failure("connection " + id + ": could not connect to "
                + server + ": " + EchoConnection.describe(cause)));
    }

    @Override
    public String timedOut(long seconds) {
        return "connection " + id + ", " + (opened ? echoed + " of " + messages + " echoes back and " + lost
                + " lost within " + seconds + " s" : "not connected within " + seconds + " s");
    }

    private void fail(Session session, long sequence, String reason) {
        finished.completeExceptionally(new EchoConnection.Failure("connection " + id
                + (sequence >= 0 ? ", sequence " + sequence : "") + ": " + reason));
        if (session != null) {
            session.closeNow();
        }
    }
}
