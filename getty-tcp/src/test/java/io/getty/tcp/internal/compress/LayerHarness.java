package io.getty.tcp.internal.compress;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives one compression layer as a {@link io.getty.core.internal.seam.LayerStack} would, on a real event
 * loop's thread, without a socket (test only): it keeps what the layer leaves unread and passes it again with
 * the next bytes, reads again when the layer asks for it, collects what the layer passes up, and gives it
 * queues above and below to write with.
 */
final class LayerHarness implements LayerContext, AutoCloseable {
    private final EventLoop loop;
    private final Layer layer;
    private final ByteArrayOutputStream passedUp = new ByteArrayOutputStream();
    private OutboundBuffer above;
    private OutboundBuffer below;
    private ByteBuffer kept;
    private boolean readAgain;
    /** The most one read call passed up, and how many times the layer asked to read again. */
    int mostPerCall;
    int readAgains;
    int calls;
    private int thisCall;
    int quantum = 32 * 1024;
    /** Feed the layer heap buffers (else direct ones). */
    boolean heap;

    /** A harness for {@code layer} on the loop of {@code group} (a group of one loop, that the caller closes). */
    LayerHarness(EventLoopGroup group, Layer layer) throws Exception {
        this.loop = LoopGroup.of(group).next();
        this.layer = layer;
        onLoop(() -> {
            above = new OutboundBuffer(loop.chunkPool());
            below = new OutboundBuffer(loop.chunkPool());
            layer.open(this);
            return null;
        });
    }

    /** Runs {@code action} on the loop's thread and returns what it returned (or throws what it threw). */
    <T> T onLoop(Callable<T> action) throws Exception {
        return onLoop(loop, action);
    }

    static <T> T onLoop(EventLoop loop, Callable<T> action) throws Exception {
        if (loop.inLoop()) {
            return action.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Feeds {@code stream} to the layer in pieces that end at {@code cuts} (ascending offsets), reading again
     * whenever the layer asks, before the next piece arrives, as the stack does. Loop thread.
     */
    void feed(byte[] stream, int... cuts) throws Exception {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : stream.length;
            deliver(stream, from, to - from);
            from = to;
        }
    }

    /** One piece, with what was kept before it in front. */
    void deliver(byte[] stream, int offset, int length) throws Exception {
        int keptBytes = kept == null ? 0 : kept.remaining();
        ByteBuffer in = heap ? ByteBuffer.allocate(keptBytes + length) : ByteBuffer.allocateDirect(keptBytes + length);
        if (kept != null) {
            in.put(kept);
        }
        in.put(stream, offset, length).flip();
        read(in);
        while (readAgain) {
            readAgain = false;
            read(kept == null ? ByteBuffer.allocate(0) : kept);
        }
    }

    private void read(ByteBuffer in) throws Exception {
        thisCall = 0;
        calls++;
        layer.read(in, this);
        mostPerCall = Math.max(mostPerCall, thisCall);
        kept = in.hasRemaining() ? in.slice() : null;
    }

    /** Tells the layer that the peer's stream ended with the kept bytes unread. Loop thread. */
    Void inputEnded() throws Exception {
        layer.inputEnded(keptBytes(), this);
        return null;
    }

    /** Bytes kept for the layer's next read. */
    int keptBytes() {
        return kept == null ? 0 : kept.remaining();
    }

    byte[] passedUp() {
        return passedUp.toByteArray();
    }

    /** Appends {@code bytes} to the queue above the layer and lets it write until that is empty. Loop thread. */
    byte[] write(byte[] bytes) throws Exception {
        above.writeBytes(bytes);
        return writeAll();
    }

    /** Appends {@code bytes} above and lets the layer write once; returns how many it took. Loop thread. */
    long writeOnce(byte[] bytes) throws Exception {
        above.writeBytes(bytes);
        long before = above.consumedTotal();
        layer.write(above, this);
        return above.consumedTotal() - before;
    }

    /** Lets the layer write, as the stack's flush rounds would, until the queue above is empty. Loop thread. */
    byte[] writeAll() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        while (above.size() > 0) {
            long before = above.consumedTotal();
            layer.write(above, this);
            if (above.consumedTotal() == before) {
                throw new AssertionError("the layer took nothing with " + below.size() + " bytes below");
            }
            drainBelow(wire);
        }
        return wire.toByteArray();
    }

    /** What the layer appended below, taken out. Loop thread. */
    byte[] drainBelow() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        drainBelow(wire);
        return wire.toByteArray();
    }

    private void drainBelow(ByteArrayOutputStream wire) throws Exception {
        below.drainTo((chunks, offset, length) -> {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                byte[] b = new byte[chunks[i].remaining()];
                chunks[i].get(b);
                wire.write(b);
                n += b.length;
            }
            return n;
        });
    }

    int belowSize() {
        return below.size();
    }

    /** The layer's goodbye, as the stack's graceful close calls it. Loop thread. */
    byte[] goodbye() throws Exception {
        if (!layer.close(this)) {
            throw new AssertionError("a compression layer waits for nothing when it closes");
        }
        return drainBelow();
    }

    // ---------------------------------------------------------------- LayerContext

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Session session() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean client() {
        return false;
    }

    @Override
    public boolean passUp(ByteBuffer bytes) {
        int n = bytes.remaining();
        byte[] b = new byte[n];
        bytes.get(b);
        passedUp.writeBytes(b);
        thisCall += n;
        return true;
    }

    @Override
    public boolean passUpMessage(ByteBuffer message, Object meta) {
        throw new UnsupportedOperationException("a stream layer");
    }

    @Override
    public OutboundBuffer below() {
        return below;
    }

    @Override
    public int quantum() {
        return quantum;
    }

    @Override
    public void requestFlush() {
    }

    @Override
    public void opened() {
    }

    @Override
    public void peerFinished() {
    }

    @Override
    public void closed() {
    }

    @Override
    public void fail(Throwable cause) {
        throw new AssertionError("the layer failed the session instead of throwing", cause);
    }

    @Override
    public void holdReads(boolean hold) {
    }

    @Override
    public boolean readsPaused() {
        return false;
    }

    @Override
    public void rerun() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void readAgain() {
        readAgain = true;
        readAgains++;
    }

    /** Releases the layer and the queues, as the stack does when the session closes. */
    @Override
    public void close() {
        try {
            onLoop(() -> {
                layer.release();
                above.releaseAll();
                below.releaseAll();
                return null;
            });
        } catch (Exception e) {
            throw new AssertionError("releasing " + layer + " failed", e);
        }
    }

    /** A group of one loop for harnesses. */
    /** What a fresh harness around {@code layer} passes up of {@code stream} cut at {@code cuts}. */
    static byte[] readCut(EventLoopGroup group, Layer layer, byte[] stream, int[] cuts, boolean heap) throws Exception {
        try (LayerHarness h = new LayerHarness(group, layer)) {
            h.heap = heap;
            h.onLoop(() -> {
                h.feed(stream, cuts);
                return null;
            });
            return h.passedUp();
        }
    }

    /** Cuts after every byte of a stream of {@code length} bytes. */
    static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    static EventLoopGroup group() {
        return EventLoopGroup.builder().threads(1).name("harness").build();
    }

    static void close(EventLoopGroup group) throws InterruptedException {
        group.close();
        if (!group.awaitTermination(Duration.ofSeconds(10))) {
            throw new AssertionError(group + " did not terminate");
        }
    }
}
