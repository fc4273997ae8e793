package io.getty.examples;

import io.getty.core.Session;
import io.getty.core.WriteFuture;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection of an echo run: it sends its messages with up to {@code window} of them awaiting
 * their echo, checks every echo in order, and completes {@link #finished()} when all are back, or fails it
 * with a one-line reason that names the connection and the sequence.
 *
 * <p>Sending starts in {@code onOpen} and goes on from {@code onMessage}: one message out for each echo
 * in. Both run on the session's event loop, where {@code writePkg} copies the message at once, so one
 * buffer serves every message of the connection.
 */
final class EchoConnection implements EchoPeer {
    private final int id;
    private final int messages;
    private final int window;
    private final Payloads payloads;
    private final ByteBuffer outgoing;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int sent;
    private volatile int verified; // read by another thread only to say where a timed-out run stood
    private volatile boolean opened;
    private Throwable error;

    EchoConnection(int id, int messages, int window, Payloads payloads) {
        this.id = id;
        this.messages = messages;
        this.window = window;
        this.payloads = payloads;
        this.outgoing = payloads.newBuffer();
    }

    /** Completes when every echo has come back and matched; fails with a {@link Failure} otherwise. */
    @Override
    public CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void onOpen(Session session) {
        opened = true;
        while (sent < Math.min(window, messages) && send(session)) {
            // fill the window
        }
    }

    @Override
    public void onMessage(Session session, ByteBuffer echo) {
        if (finished.isDone()) {
            return;
        }
        int sequence = verified;
        Optional<String> mismatch = payloads.verify(echo, id, sequence);
        if (mismatch.isPresent()) {
            fail(session, sequence, mismatch.get());
            return;
        }
        verified = sequence + 1;
        if (verified == messages) {
            finished.complete(null);
            session.close();
        } else if (sent < messages) {
            send(session);
        }
    }

    private boolean send(Session session) {
        payloads.fill(outgoing, id, sent);
        WriteFuture write = session.writePkg(outgoing);
        if (write.cause() != null) {
            fail(session, sent, "the write failed: " + describe(write.cause()));
            return false;
        }
        sent++;
        return true;
    }

    @Override
    public void onError(Session session, Throwable cause) {
        error = cause;
    }

    @Override
    public void onClose(Session session) {
        if (!finished.isDone()) {
            fail(null, verified, "the connection was lost after " + verified + " of " + messages + " echoes"
                    + (error == null ? "" : " (" + describe(error) + ")"));
        }
    }

    @Override
    public void connectFailed(String server, Throwable cause) {
        finished.completeExceptionally(
                new Failure("connection " + id + ": could not connect to " + server + ": " + describe(cause)));
    }

    @Override
    public String timedOut(long seconds) {
        String where = opened
                ? "sequence " + verified + ": no echo within " + seconds + " s (" + verified + " of " + messages
                        + " verified)"
                : "not connected within " + seconds + " s";
        return "connection " + id + ", " + where;
    }

    private void fail(Session session, long sequence, String reason) {
        finished.completeExceptionally(new Failure("connection " + id + ", sequence " + sequence + ": " + reason));
        if (session != null) {
            session.closeNow();
        }
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A failed echo run: the message is the one-line reason. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
