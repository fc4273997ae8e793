package io.getty.examples;

import io.getty.core.ConnectionListener;
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
 *
 * <p>A lost connection fails the run, unless the connection {@code resumes} ({@code --reconnect}): then the
 * client connects again, and the new session sends again every message whose echo had not come back, from
 * the first one not verified, since those in flight were lost with the old connection. Every message is
 * still verified once, in order; none is skipped. All sessions of a client run on one event loop, so the
 * fields need no locks.
 */
final class EchoConnection implements EchoPeer, ConnectionListener {
    private final int id;
    private final int messages;
    private final int window;
    private final Payloads payloads;
    private final ByteBuffer outgoing;
    private final boolean resumes;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** The open session, or null between a lost one and the next. */
    private Session current;
    private int sent;
    // Read by another thread only to say where a timed-out run stood, and to report.
    private volatile int verified;
    private volatile boolean opened;
    private volatile boolean connected;
    private volatile int reconnections;
    private volatile Throwable error;

    /** A connection that, if {@code resumes}, goes on over the client's next session when it loses one. */
    EchoConnection(int id, int messages, int window, Payloads payloads, boolean resumes) {
        this.id = id;
        this.messages = messages;
        this.window = window;
        this.payloads = payloads;
        this.outgoing = payloads.newBuffer();
        this.resumes = resumes;
    }

    /** Completes when every echo has come back and matched; fails with a {@link Failure} otherwise. */
    @Override
    public CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void onOpen(Session session) {
        if (opened) {
            reconnections++;
        }
        opened = true;
        connected = true;
        current = session;
        sent = verified; // after a reconnection: what was in flight was lost, send it again
        while (sent < Math.min(verified + window, messages) && send(session)) {
            // fill the window
        }
    }

    @Override
    public void onMessage(Session session, ByteBuffer echo) {
        if (finished.isDone() || session != current) {
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
        if (session != current) {
            return; // a session that never opened: its failure reaches connectFailed
        }
        current = null;
        connected = false;
        if (!finished.isDone() && !resumes) {
            fail(null, verified, "the connection was lost after " + verified + " of " + messages + " echoes"
                    + (error == null ? "" : " (" + describe(error) + ")"));
        }
    }

    @Override
    public int reconnections() {
        return reconnections;
    }

    /** With {@code --reconnect}: an attempt to connect (again) failed; kept to say why, should the run time out. */
    @Override
    public void connectFailed(Throwable cause, int failures, boolean givingUp) {
        error = cause;
    }

    @Override
    public void connectFailed(String server, Throwable cause) {
        finished.completeExceptionally(
                new Failure("connection " + id + ": could not connect to " + server + ": " + describe(cause)));
    }

    @Override
    public String timedOut(long seconds) {
        Throwable last = error;
        String why = last == null ? "" : "; last failure: " + describe(last);
        String where;
        if (!opened) {
            where = "not connected within " + seconds + " s" + why;
        } else if (!connected) {
            where = "sequence " + verified + ": the connection was lost after " + verified + " of " + messages
                    + " echoes and not connected again within " + seconds + " s" + why;
        } else {
            where = "sequence " + verified + ": no echo within " + seconds + " s (" + verified + " of " + messages
                    + " verified)";
        }
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
