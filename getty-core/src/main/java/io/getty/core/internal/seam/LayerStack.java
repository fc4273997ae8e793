package io.getty.core.internal.seam;

import io.getty.core.Session;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The layers between a session and its transport, in a fixed order (index 0 is the top, next to the session):
 * the session's {@link SessionIo} and the transport's {@link Upstream} at once.
 *
 * <ul>
 *   <li><b>Opening</b>, bottom up: a layer starts once the one below it is open; the session opens once the
 *       top one is.</li>
 *   <li><b>Inbound</b>: the transport keeps the bottom layer's unread tail; this stack keeps the tail of every
 *       level above (each layer's, and the session decoder's). Everything a layer passes up is handled before
 *       its next call, so views of the loop's scratch buffers stay valid while they are used. A layer that
 *       bounds its work per call (a decompressor) asks to read its kept bytes again: the socket is not read
 *       until it has, and it does so in later passes of the loop, only while the session reads.</li>
 *   <li><b>Outbound</b>: each layer transforms the queue above it into the queue below while that holds less
 *       than a quantum, so a fast writer's bytes wait at the top where the limits see them; the transport
 *       writes the bottom queue, and the bytes it wrote are mapped back, through each layer's
 *       {@link OffsetMap}, to the user's bytes they carry.</li>
 *   <li><b>Closing</b>, top down: each layer says goodbye (and may wait for the peer's), then the transport
 *       shuts its output.</li>
 * </ul>
 *
 * <p>A layer is never called re-entrantly, and one that fails or is closed during its own call is released
 * after the call returns.
 */
public final class LayerStack implements SessionIo, Upstream {
    /** What a layer's queue below may hold before it stops transforming: about two TLS records. */
    static final int QUANTUM = 32 * 1024;
    private static final int FLUSH_ROUNDS = 4;

    final Upstream session;
    final Session user;
    final Transport transport;
    final boolean client;
    final Layer[] layers;
    private final StackContext[] contexts;
    /** below[i]: the queue under layer i; the transport writes below[n - 1]. */
    final OutboundBuffer[] below;
    private final OffsetMap[] maps;
    /** tails[i + 1]: what layer i left unread (the bottom layer's tail is the transport's); tails[0]: the decoder's. */
    final ByteBuffer[] tails;
    private final boolean[] open;
    /** Bytes layer 0 took from the session's top buffers (which come and go): the user-offset of the stack. */
    private long topTaken;
    private long userDone;
    private int busy;
    boolean released;
    private boolean releaseAfterCall;
    private boolean flushAfterCall;
    private boolean shutdownAfterCall;
    /** The layer whose goodbye comes next during a graceful close; -1 when not closing. */
    int closing = -1;
    /** That layer waits for the goodbye of the one above to pass through it before it says its own. */
    private boolean goodbyeWaits;
    private boolean transportShutdown;
    /** The session asked to stop reading (a pause) during this read: the transport reads no more for now. */
    boolean stopReading;
    /** The session is closed: layers stop passing bytes up. */
    boolean closed;
    /** Why a layer failed, until the running call returns and the session is told. */
    private Throwable failure;
    /** The session fails and drains: input is dropped, no layer is called again. */
    private boolean dropping;
    /** The layers that bounded their work and wait to read their kept bytes again. */
    private final Rereads rereads;

    /**
     * A stack of {@code layers} (top first) over {@code transport}, serving {@code session}, which must be both
     * the {@link Upstream} here and the user's {@link Session}.
     */
    public LayerStack(Upstream session, Transport transport, List<Layer> layers, boolean client) {
        if (layers.isEmpty() || layers.size() > Integer.SIZE) {
            throw new IllegalArgumentException("a layer stack needs 1 to 32 layers: " + layers.size());
        }
        this.session = session;
        this.user = (Session) session;
        this.transport = transport;
        this.client = client;
        int n = layers.size();
        this.layers = layers.toArray(new Layer[0]);
        this.contexts = new StackContext[n];
        this.below = new OutboundBuffer[n];
        this.maps = new OffsetMap[n];
        this.tails = new ByteBuffer[n];
        this.open = new boolean[n];
        EventLoop loop = session.loop();
        for (int i = 0; i < n; i++) {
            contexts[i] = new StackContext(this, i);
            below[i] = new OutboundBuffer(loop.chunkPool());
            maps[i] = new OffsetMap();
        }
        this.rereads = new Rereads(this, session, transport, contexts);
        transport.upstream(this);
    }

    // ---------------------------------------------------------------- opening

    @Override
    public void open() {
        start(layers.length - 1);
    }

    private void start(int i) {
        busy++;
        try {
            layers[i].open(contexts[i]);
        } catch (Throwable t) {
            layerFailed(t);
        } finally {
            afterCall();
        }
    }

    void layerOpened(int i) {
        if (open[i] || released) {
            return;
        }
        open[i] = true;
        if (i > 0) {
            start(i - 1);
        } else {
            session.opened();
        }
        requestFlush(); // bytes waiting above can move now
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public boolean received(ByteBuffer in) {
        if (dropping) {
            in.position(in.limit()); // a layer failed: nothing more is read through it
            return true;
        }
        stopReading = false;
        boolean more = read(layers.length - 1, in);
        return more && !stopReading;
    }

    boolean read(int i, ByteBuffer in) {
        if (released) {
            in.position(in.limit());
            return false;
        }
        busy++;
        try {
            layers[i].read(in, contexts[i]);
            return !released && failure == null;
        } catch (Throwable t) {
            layerFailed(t);
            return false;
        } finally {
            afterCall();
        }
    }

    /** Passes bytes from layer {@code from} to the level above it, with that level's kept tail in front. */
    boolean passUp(int from, ByteBuffer bytes) {
        int level = from - 1; // -1: the session's decoder
        // The decoder's packets share the bytes they are decoded from when they outlive the read (a worker).
        boolean shared = level < 0 && session.keepsInput();
        ByteBuffer tail = tails[from];
        if (level >= 0 && rereads.waiting(level)) {
            // That layer bounds its work per pass and waits to read again: keep these for it, behind the rest.
            tails[from] = tail == null ? Cumulation.copy(bytes) : Cumulation.append(tail, bytes, true);
            bytes.position(bytes.limit());
            return true;
        }
        ByteBuffer in;
        if (tail != null) {
            in = Cumulation.append(tail, bytes, !shared);
        } else if (shared) {
            in = Cumulation.copy(bytes);
        } else {
            in = bytes;
        }
        int start = in.position();
        boolean more = level < 0 ? session.received(in) : read(level, in);
        if (released || closed) {
            return false;
        }
        if (!more) {
            // A pause, not an end: the level below still passes up all it has decoded from this read (as the
            // stream decoder decodes a whole read before it pauses), and the transport reads no more for now.
            stopReading = true;
        }
        boolean handedOut = shared && in.position() > start;
        if (!in.hasRemaining()) {
            tails[from] = null;
        } else if (in != bytes && !handedOut && in.remaining() > in.capacity() / 4) {
            tails[from] = in; // our own buffer, still mostly unread: keep it as it is
        } else {
            tails[from] = Cumulation.keep(in, handedOut || tail == in ? null : tail);
        }
        return true;
    }

    @Override
    public boolean receivedMessage(ByteBuffer message, Object meta) {
        throw new IllegalStateException("a transport under layers passes stream bytes");
    }

    @Override
    public void inputEnded(int unread) {
        if (dropping) {
            session.inputEnded(0);
            return;
        }
        for (int i = layers.length - 1; i >= 0 && !released; i--) {
            busy++;
            try {
                layers[i].inputEnded(i == layers.length - 1 ? unread : remaining(tails[i + 1]), contexts[i]);
            } catch (Throwable t) {
                layerFailed(t);
                return;
            } finally {
                afterCall();
            }
        }
        if (!released) {
            session.inputEnded(remaining(tails[0]));
        }
    }

    private static int remaining(ByteBuffer b) {
        return b == null ? 0 : b.remaining();
    }

    @Override
    public boolean keepsInput() {
        return false; // layers copy what they pass up
    }

    @Override
    public void readComplete() {
        session.readComplete();
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void flush(OutboundBuffer top) throws IOException {
        if (released) {
            return;
        }
        if (busy > 0) {
            flushAfterCall = true; // asked for under a layer's call: it runs once that call has returned
            return;
        }
        // Only the socket's own failure goes back to the caller; whatever a layer throws while it transforms
        // (TLS's SSLException, a compressor's IOException) fails the session gracefully, its last words sent.
        IOException socketFailed = null;
        busy++;
        try {
            for (int round = 0; round < FLUSH_ROUNDS && !released; round++) {
                if (goodbyeWaits && below[closing - 1].size() == 0) {
                    goodbyeWaits = false;
                    nextGoodbye();
                }
                transform(top);
                OutboundBuffer wire = below[below.length - 1];
                long written;
                try {
                    written = transport.write(wire);
                } catch (PartialWriteException e) {
                    mapBack();
                    socketFailed = e.failure();
                    break;
                } catch (IOException e) {
                    socketFailed = e;
                    break;
                }
                mapBack();
                if (written == 0 || wire.size() > 0) {
                    break; // nothing left, or the socket is full
                }
            }
            if (socketFailed == null && closing >= layers.length && !transportShutdown && allSent()) {
                transportShutdown = true;
                transport.shutdown();
            }
        } catch (Throwable t) {
            layerFailed(t);
        } finally {
            afterCall();
        }
        if (socketFailed != null) {
            throw socketFailed;
        }
    }

    private void transform(OutboundBuffer top) throws Exception {
        OutboundBuffer above = top;
        for (int i = 0; i < layers.length && !released; i++) {
            OutboundBuffer out = below[i];
            if (open[i] && closing <= i && above != null && above.size() > 0 && out.size() < QUANTUM) {
                long before = above.consumedTotal();
                layers[i].write(above, contexts[i]);
                long taken = above.consumedTotal() - before;
                if (taken > 0) {
                    long inputEnd = i == 0 ? (topTaken += taken) : above.consumedTotal();
                    maps[i].add(out.appendedTotal(), inputEnd);
                }
            }
            above = out;
        }
    }

    /** Reports the user's bytes that what the transport wrote carries. */
    private void mapBack() {
        long offset = below[below.length - 1].consumedTotal();
        for (int i = layers.length - 1; i >= 0; i--) {
            offset = maps[i].inputDone(offset);
        }
        if (offset > userDone) {
            long delta = offset - userDone;
            userDone = offset;
            session.sent(delta);
        }
    }

    private boolean allSent() {
        for (OutboundBuffer b : below) {
            if (b.size() > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int flushState(OutboundBuffer top) {
        int state = transport.flushState(below[below.length - 1]);
        if (state == BLOCKED || state == MORE) {
            return state;
        }
        OutboundBuffer above = top;
        for (int i = 0; i < layers.length; i++) {
            if (open[i] && above != null && above.size() > 0) {
                return MORE;
            }
            above = below[i];
        }
        return goodbyeWaits ? MORE : IDLE;
    }

    @Override
    public void readInterest(boolean on) {
        rereads.readInterest(on);
    }

    void layerReadsAgain(int i) {
        rereads.layerReadsAgain(i);
    }

    @Override
    public void requestFlush() {
        session.requestFlush(); // after the running read, or at the end of the pass: never inside a layer's call
    }

    @Override
    public void holdReads(boolean hold) {
        session.holdReads(hold);
    }

    @Override
    public boolean readsPaused() {
        return session.readsPaused();
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void shutdown() {
        if (closing >= 0 || released) {
            return;
        }
        if (busy > 0) {
            shutdownAfterCall = true;
            return;
        }
        closing = 0;
        nextGoodbye();
    }

    void nextGoodbye() {
        while (closing < layers.length && !released) {
            int i = closing;
            if (!open[i]) {
                closing++;
                continue; // never opened: it has nothing to say
            }
            if (i > 0 && below[i - 1].size() > 0) {
                // What the layer above said last (a close frame, a final deflate block) goes through this one
                // before this one's own goodbye (close_notify): flush moves it, then comes back here.
                goodbyeWaits = true;
                requestFlush();
                return;
            }
            boolean done;
            busy++;
            try {
                done = layers[i].close(contexts[i]);
            } catch (Throwable t) {
                layerFailed(t);
                return;
            } finally {
                afterCall();
            }
            requestFlush();
            if (!done) {
                return; // the layer waits for the peer's answer and calls closed()
            }
            closing++;
        }
        if (!released) {
            session.requestFlush(); // the transport shuts its output once the goodbyes are written
        }
    }

    @Override
    public void shutdownFinished() {
        session.shutdownFinished();
    }

    @Override
    public void shutdownOutput() {
        dropping = true;
        transport.shutdownOutput();
    }

    @Override
    public void failGracefully(Throwable cause) {
        session.failGracefully(cause);
    }

    // ---------------------------------------------------------------- packet hooks, from the top layer

    @Override
    public boolean framesPackets() {
        return layers[0].framesPackets();
    }

    @Override
    public Object beginPacket(Object pkg, OutboundBuffer top) {
        return layers[0].beginPacket(pkg, top);
    }

    @Override
    public void endPacket(OutboundBuffer top, boolean ok) {
        layers[0].endPacket(top, ok);
    }

    @Override
    public void close() {
        closed = true;
        transport.close();
        if (busy > 0) {
            releaseAfterCall = true;
        } else {
            release();
        }
    }

    /**
     * A layer threw: once no layer call is running, what the layers have written of their own (a TLS alert, a
     * WebSocket close frame with its code) gets one chance to leave, then the session fails.
     */
    private void layerFailed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** One write of whatever is queued below, errors ignored: the session is failing anyway. */
    private void lastWords() {
        busy++;
        try {
            transform(null);
            transport.write(below[below.length - 1]);
        } catch (Throwable ignored) {
            // the peer may be gone already
        } finally {
            busy--;
        }
    }

    private void afterCall() {
        if (--busy > 0) {
            return;
        }
        if (failure != null && !released && !closed) {
            Throwable cause = failure;
            failure = null;
            lastWords();
            session.failGracefully(cause);
            return;
        }
        if (releaseAfterCall) {
            releaseAfterCall = false;
            release();
            return;
        }
        if (shutdownAfterCall) {
            shutdownAfterCall = false;
            shutdown();
        }
        if (flushAfterCall) {
            flushAfterCall = false;
            session.flush();
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (Layer layer : layers) {
            try {
                layer.release();
            } catch (Throwable t) {
                org.slf4j.LoggerFactory.getLogger(LayerStack.class).warn("releasing {} threw", layer, t);
            }
        }
        for (OutboundBuffer b : below) {
            b.releaseAll();
        }
        java.util.Arrays.fill(tails, null);
    }

    // ---------------------------------------------------------------- Upstream, passed on

    @Override
    public EventLoop loop() {
        return session.loop();
    }

    @Override
    public void flush() {
        session.flush();
    }

    @Override
    public void sent(long n) {
        throw new IllegalStateException("the stack maps the transport's bytes itself");
    }

    @Override
    public void opened() {
        throw new IllegalStateException("a transport under layers does not open the session");
    }

    @Override
    public void peerFinished() {
        session.peerFinished();
    }

    @Override
    public void fail(Throwable cause) {
        session.fail(cause);
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** The layers, top first (for a session that wants to read what they negotiated). */
    public Layer layer(int index) {
        return layers[index];
    }

    public int size() {
        return layers.length;
    }

    @Override
    public String toString() {
        return "layers " + java.util.Arrays.toString(layers) + " over " + transport;
    }
}
