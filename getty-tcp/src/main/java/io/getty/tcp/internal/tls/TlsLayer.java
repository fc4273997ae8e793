package io.getty.tcp.internal.tls;

import io.getty.core.HandshakeException;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import io.getty.tcp.TlsConfig;
import io.getty.tcp.TlsInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS on a session's byte stream: one JDK {@link SSLEngine}, driven as the state machine it is. Each step
 * asks the engine what it needs and does that one thing:
 *
 * <pre>
 *   engine needs      the layer
 *   NEED_WRAP         wraps the engine's own bytes (handshake, alert, KeyUpdate, close_notify) below   {@link #wrapOwn()}
 *   NEED_UNWRAP       unwraps the next whole record of the bytes from below; a partial one waits  {@link #unwrapRecord}
 *   NEED_TASK         runs the delegated tasks: on the loop, or on the configured executor           {@link #runTasks()}
 *   NOT_HANDSHAKING   unwraps application data and post-handshake messages (NewSessionTicket,
 *                     KeyUpdate); the session's bytes are wrapped by {@link #write}
 *   FINISHED          (reported by one wrap or unwrap) publishes {@link TlsInfo} and opens            {@link #handshakeFinished()}
 * </pre>
 *
 * <p>Buffers: the plaintext of an unwrap and the record of a wrap go through the loop's {@link TlsScratch};
 * plaintext is passed up before the next unwrap, a record is appended below at once, so the layer keeps no
 * buffer of its own and an idle TLS session holds only its engine. The engine is made when the layer opens,
 * for the peer the session is connected to.
 *
 * <p>Failures: before the handshake is done, anything that goes wrong is a {@link HandshakeException} with
 * the engine's exception as its cause (the session never opened: a client's connect future fails with it).
 * An end of stream before the peer's {@code close_notify} is harmless between records and a truncation
 * inside one.
 *
 * <p>The engine's state is read from the results of its wraps and unwraps: what it needs next, whether the peer
 * said {@code close_notify}, whether our side is closed. The engine itself (each of whose getters takes its
 * lock) is asked only after {@code beginHandshake}, after delegated tasks ran, and after {@code closeOutbound}.
 *
 * <p>Delegated tasks run inline on the loop, unless {@link TlsConfig#delegatedTaskExecutor()} is set: then
 * the layer holds the session's reads, runs the tasks there, and goes on, on the loop, when they are done;
 * it sends nothing meanwhile.
 */
public final class TlsLayer implements Layer, OutboundBuffer.ChunkSink {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsConfig config;
    private LayerContext ctx;
    private SSLEngine engine;
    private TlsScratch scratch;
    private boolean handshakeDone;
    /** Delegated tasks are running on the executor: reads are held, nothing is wrapped. */
    private boolean tasksRunning;
    private boolean released;
    /** What the last wrap of the session's bytes did (set in {@link #take}, read after the drain). */
    private int lastProduced;
    private HandshakeStatus lastStatus;
    /** The plaintext bytes offered to the wrap in progress (for the message if the engine is closed). */
    private int offered;
    /**
     * What the engine needs next, as its last result said (FINISHED read as NOT_HANDSHAKING, which is what
     * the engine says after it): asked of the engine only where no result tells it (see {@link #refreshStatus}).
     */
    private HandshakeStatus status;
    /** An unwrap returned CLOSED (the engine's inbound side is done): nothing more is read. */
    private boolean inboundDone;
    /** A wrap returned CLOSED: our side of the connection is closed; none of the session's bytes can be sent. */
    private boolean outboundDone;

    public TlsLayer(TlsConfig config) {
        this.config = config;
    }

    // ---------------------------------------------------------------- opening

    @Override
    public void open(LayerContext context) throws Exception {
        this.ctx = context;
        try {
            SocketAddress remote = context.session().remoteAddress();
            InetSocketAddress peer = remote instanceof InetSocketAddress isa ? isa : null;
            engine = config.newEngine(peer == null ? null : peer.getHostString(), peer == null ? -1 : peer.getPort());
            scratch = TlsScratch.of(context.loop(), engine.getSession());
            engine.beginHandshake();
            refreshStatus();
            advance(EMPTY); // a client's ClientHello
        } catch (Exception e) {
            throw failure(e);
        }
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void read(ByteBuffer in, LayerContext context) throws Exception {
        if (tasksRunning) {
            return; // the bytes wait, kept below, until the tasks are done
        }
        try {
            advance(in);
        } catch (Exception e) {
            throw failure(e);
        }
        if (inboundDone) {
            in.position(in.limit()); // nothing after the peer's close_notify means anything
        }
    }

    /** Takes steps until the engine needs bytes that {@code in} does not hold, waits for tasks, or is done. */
    private void advance(ByteBuffer in) throws SSLException {
        while (!released && !tasksRunning) {
            boolean progress = switch (status) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapOwn();
                default -> unwrapRecord(in); // NEED_UNWRAP, NOT_HANDSHAKING (application data)
            };
            if (!progress) {
                return;
            }
        }
    }

    /**
     * Unwraps one record of {@code in} and passes its plaintext up. Returns whether to go on: false when
     * {@code in} holds no whole record (the stack keeps the partial one), the peer sent {@code close_notify},
     * or the session closed.
     */
    private boolean unwrapRecord(ByteBuffer in) throws SSLException {
        if (!in.hasRemaining() || inboundDone) {
            return false;
        }
        ByteBuffer plain = scratch.plain();
        SSLEngineResult result = engine.unwrap(in, plain);
        track(result);
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case BUFFER_OVERFLOW -> {
                return grown(scratch.fitPlain(engine.getSession().getApplicationBufferSize()), "plaintext");
            }
            case CLOSED -> {
                inboundDone = true;
                if (deliver(plain)) {
                    ctx.peerFinished(); // the session closes gracefully; close() answers with our close_notify
                }
                return false;
            }
            default -> {
                if (!stepped(result)) {
                    return false;
                }
                return deliver(plain);
            }
        }
    }

    /** Passes the plaintext of one unwrap up, if any; false when the session closed. */
    private boolean deliver(ByteBuffer plain) {
        if (plain.position() == 0) {
            return true;
        }
        return ctx.passUp(plain.flip()) && !released;
    }

    // ---------------------------------------------------------------- the engine's own bytes

    /** Wraps what the engine has to say itself (NEED_WRAP) and queues it below; false if it said nothing. */
    private boolean wrapOwn() throws SSLException {
        ByteBuffer record = scratch.record();
        SSLEngineResult result = engine.wrap(EMPTY, record);
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            return grown(scratch.fitRecord(engine.getSession().getPacketBufferSize()), "record");
        }
        trackWrap(result);
        emit(record);
        ctx.requestFlush();
        boolean said = result.bytesProduced() > 0;
        return stepped(result) && said;
    }

    private void emit(ByteBuffer record) {
        if (record.position() > 0) {
            ctx.below().writeBytes(record.flip());
        }
    }

    /**
     * Runs the engine's delegated tasks: inline (returns true: go on), or on the executor (returns false: the
     * layer waits, reads held, until {@link #tasksDone} runs on the loop).
     */
    private boolean runTasks() {
        Executor executor = config.delegatedTaskExecutor();
        if (executor == null) {
            runDelegated(engine);
            refreshStatus();
            return true;
        }
        SSLEngine e = engine;
        EventLoop loop = ctx.loop();
        tasksRunning = true;
        ctx.holdReads(true);
        try {
            executor.execute(() -> {
                runDelegated(e);
                try {
                    loop.execute(this::tasksDone);
                } catch (RejectedExecutionException stopped) {
                    // the loop stopped, closing the session as it did
                }
            });
        } catch (RejectedExecutionException refused) {
            tasksRunning = false;
            ctx.holdReads(false);
            runDelegated(e); // an executor that refuses work: the loop does it
            refreshStatus();
            return true;
        }
        return false;
    }

    private static void runDelegated(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run(); // a task's failure is kept by the engine and thrown by its next wrap or unwrap
        }
    }

    /** On the loop, after the executor ran the tasks: go on with the handshake, then with the kept bytes. */
    private void tasksDone() {
        tasksRunning = false;
        if (released) {
            return;
        }
        ctx.holdReads(false);
        try {
            refreshStatus();
            advance(EMPTY); // what the engine says next (a ServerHello, a Finished)
        } catch (Exception e) {
            ctx.fail(failure(e));
            return;
        }
        if (!released && !tasksRunning) {
            ctx.requestFlush(); // the session's bytes held back meanwhile
            ctx.rerun();        // the bytes that arrived meanwhile, without waiting for another read
        }
    }

    // ---------------------------------------------------------------- the handshake

    /**
     * Handles what a wrap or unwrap says of the handshake; returns false when the session closed meanwhile (its
     * {@code onOpen} refused it, say).
     */
    private boolean stepped(SSLEngineResult result) {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED
                || !handshakeDone && status == HandshakeStatus.NOT_HANDSHAKING) {
            handshakeFinished();
        }
        return !released;
    }

    /**
     * Publishes what was negotiated, then opens. Once: after that the engine reports FINISHED for post-handshake
     * messages too (a TLS 1.3 NewSessionTicket), and only a TLS 1.2 renegotiation, which makes a new
     * {@link SSLSession}, is published again.
     */
    private void handshakeFinished() {
        TlsInfo published = ctx.session().attribute(TlsInfo.ATTRIBUTE);
        if (published == null || published.sslSession() != engine.getSession()) {
            ctx.session().attribute(TlsInfo.ATTRIBUTE, info(engine));
        }
        ctx.requestFlush(); // the session's bytes can be wrapped now
        if (!handshakeDone) {
            handshakeDone = true;
            ctx.opened();
        }
    }

    private static TlsInfo info(SSLEngine engine) {
        SSLSession session = engine.getSession();
        List<Certificate> peer;
        try {
            peer = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException none) {
            peer = List.of();
        }
        String alpn = engine.getApplicationProtocol();
        return new TlsInfo(session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn, peer, session);
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(OutboundBuffer above, LayerContext context) throws Exception {
        if (tasksRunning || released) {
            return; // the tasks' end asks for a flush
        }
        OutboundBuffer below = context.below();
        int quantum = context.quantum();
        while (above.size() > 0 && below.size() < quantum && !tasksRunning && !released) {
            if (outboundDone) {
                throw closedFor(above.size());
            }
            boolean progress = switch (status) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapOwn();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> false; // a renegotiation waits for the peer: so do we
                default -> wrapSome(above);
            };
            if (!progress) {
                return;
            }
        }
    }

    /** Wraps one record of the session's bytes from the front of {@code above}; false if nothing moved. */
    private boolean wrapSome(OutboundBuffer above) throws Exception {
        lastProduced = 0;
        lastStatus = null;
        offered = above.size();
        long taken = above.drainTo(this);
        if (lastStatus != null && !stepped(lastStatus)) {
            return false;
        }
        return taken > 0 || lastProduced > 0;
    }

    private boolean stepped(HandshakeStatus status) {
        if (status == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        return !released;
    }

    /**
     * Wraps plaintext from {@code chunks} (without copying it first: the engine gathers) into one record and
     * appends it below. Called by {@link OutboundBuffer#drainTo} only, during {@link #write}.
     */
    @Override
    public long take(ByteBuffer[] chunks, int offset, int length) throws SSLException {
        ByteBuffer record = scratch.record();
        SSLEngineResult result = engine.wrap(chunks, offset, length, record);
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            grown(scratch.fitRecord(engine.getSession().getPacketBufferSize()), "record");
            record = scratch.record();
            result = engine.wrap(chunks, offset, length, record);
        }
        trackWrap(result);
        switch (result.getStatus()) {
            case CLOSED -> throw closedFor(offered);
            case BUFFER_OVERFLOW -> throw new SSLException("the engine overflows a record buffer of "
                    + record.capacity() + " bytes, its own packet size");
            default -> {
            }
        }
        emit(record);
        lastProduced = result.bytesProduced();
        lastStatus = result.getHandshakeStatus();
        return result.bytesConsumed();
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean close(LayerContext context) {
        if (engine == null || tasksRunning) {
            return true; // an engine that is computing says nothing now
        }
        engine.closeOutbound();
        try {
            refreshStatus();
            while (!engine.isOutboundDone() && wrapOwn()) {
                // close_notify (after any handshake bytes the engine still had to send)
            }
        } catch (SSLException e) {
            // it cannot say goodbye: the socket closes all the same
            org.slf4j.LoggerFactory.getLogger(TlsLayer.class).debug("close_notify of {} failed", ctx.session(), e);
        }
        return true; // the peer's close_notify is not waited for
    }

    @Override
    public void inputEnded(int unread, LayerContext context) throws Exception {
        if (engine == null || engine.isInboundDone()) {
            return; // the peer said close_notify first
        }
        if (!handshakeDone) {
            throw new HandshakeException("the peer closed the connection during the TLS handshake");
        }
        if (unread > 0) {
            throw new SSLException("truncated: the peer closed the connection in the middle of a TLS record ("
                    + unread + " bytes) without close_notify");
        }
        // an end of stream between records, without close_notify: what many peers do, and harmless
    }

    @Override
    public void release() {
        released = true;
        engine = null; // closeInbound would only complain that no close_notify came
        scratch = null;
    }

    // ---------------------------------------------------------------- helpers

    /** Keeps what a wrap or unwrap said of the engine's state. */
    private void track(SSLEngineResult result) {
        HandshakeStatus s = result.getHandshakeStatus();
        status = s == HandshakeStatus.FINISHED ? HandshakeStatus.NOT_HANDSHAKING : s;
    }

    /** Keeps what a wrap said: CLOSED from a wrap is the engine's outbound side done. */
    private void trackWrap(SSLEngineResult result) {
        track(result);
        if (result.getStatus() == Status.CLOSED) {
            outboundDone = true;
        }
    }

    /** Asks the engine what it needs next: where no result says it (after beginHandshake, tasks, closeOutbound). */
    private void refreshStatus() {
        status = engine.getHandshakeStatus();
    }

    private static SSLException closedFor(int bytes) {
        return new SSLException("the TLS session is closed; " + bytes + " bytes cannot be sent");
    }

    /** After a BUFFER_OVERFLOW: go on if the scratch grew, else the engine is broken. */
    private static boolean grown(boolean grew, String what) throws SSLException {
        if (!grew) {
            throw new SSLException("the engine overflows a " + what + " buffer of its own size");
        }
        return true;
    }

    /**
     * What the session fails with: before the handshake is done, a {@link HandshakeException}. The engine's
     * alert, if it has one to send, is queued below first: the stack writes it once more before the session
     * closes, so that the peer learns why.
     */
    private Exception failure(Exception e) {
        queueAlert();
        if (handshakeDone || e instanceof HandshakeException) {
            return e;
        }
        SocketAddress peer = ctx == null ? null : ctx.session().remoteAddress();
        return new HandshakeException("TLS handshake with " + peer + " failed: " + e.getMessage(), e);
    }

    private void queueAlert() {
        if (engine == null || scratch == null || released) {
            return;
        }
        try {
            // Wrapped here without the usual steps: after a failure the engine reports NOT_HANDSHAKING, which
            // must not read as a handshake completed.
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                    && !engine.isOutboundDone(); i++) {
                ByteBuffer record = scratch.record();
                engine.wrap(EMPTY, record);
                emit(record);
            }
        } catch (Exception ignored) {
            // an engine that cannot even say why: the session closes all the same
        }
    }

    @Override
    public String toString() {
        return "tls" + (engine == null ? "" : " " + engine.getSession().getProtocol());
    }
}
