package io.getty.tcp.internal.compress;

import io.getty.core.DecodeException;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A session's byte stream as one raw DEFLATE stream each way (RFC 1951, no zlib header or checksum), the
 * format of Getty's {@code SetCompressType} with Go's {@code compress/flate}, so that the two talk. Any
 * inflater reads it: with the JDK, {@code new InflaterInputStream(in, new Inflater(true))}.
 *
 * <ul>
 *   <li><b>Outbound</b>: each {@link #write} deflates at most a quantum of the bytes above and ends with a
 *       {@code SYNC_FLUSH}, so that what it took is all carried by what it appended below (the stack counts
 *       write futures by that) and no packet waits for the next one. A graceful close ends the stream with a
 *       final block, so that the peer's inflater sees its proper end.</li>
 *   <li><b>Inbound</b>: what {@link #read} inflates goes up in pieces of the loop's scratch. A deflate stream
 *       can expand a thousandfold, so one call inflates at most {@link #READ_BUDGET} bytes and, if input is
 *       left, asks the stack to {@linkplain LayerContext#readAgain() read again} in a later loop pass (which
 *       waits while the session is paused): memory stays bounded by the scratch and the session's own limits
 *       (the max message length), and a zip bomb costs its sender time, not the server memory. Corrupt input
 *       fails the session with a {@link DecodeException}.</li>
 *   <li><b>Memory</b>: the {@link Deflater} (about 256 KB of native memory at the default window) and the
 *       {@link Inflater} (about 40 KB) are made at the first write and the first read, and ended in
 *       {@link #release()}; an idle session that never wrote or read holds neither.</li>
 * </ul>
 */
public final class DeflateLayer implements Layer, OutboundBuffer.ChunkSink {
    /** Bytes one {@link #read} call inflates at most before it lets the loop move on. */
    public static final int READ_BUDGET = 4 * CompressScratch.SIZE;
    private static final byte[] NO_INPUT = new byte[0];
    /** A raw deflate stream with nothing in it: one final fixed-Huffman block holding only its end code. */
    private static final byte[] EMPTY_STREAM = {0x03, 0x00};

    private final int level;
    private final int strategy;
    private Deflater deflater;
    private Inflater inflater;
    /** The peer's stream reached its final block: anything after it is an error. */
    private boolean inputFinished;
    // The state of one write, for take(): set at its start, cleared at its end.
    private OutboundBuffer below;
    private ByteBuffer out;
    private int allowance;

    /**
     * A layer that deflates at {@code level} (0-9, or {@link Deflater#DEFAULT_COMPRESSION}) with
     * {@code strategy} ({@link Deflater#DEFAULT_STRATEGY}, {@link Deflater#HUFFMAN_ONLY}, ...).
     */
    public DeflateLayer(int level, int strategy) {
        if ((level < 0 || level > 9) && level != Deflater.DEFAULT_COMPRESSION) {
            throw new IllegalArgumentException("deflate level must be 0-9 or -1: " + level);
        }
        this.level = level;
        this.strategy = strategy;
    }

    @Override
    public void open(LayerContext ctx) {
        ctx.opened(); // nothing to agree on: both ends are configured alike
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(OutboundBuffer above, LayerContext ctx) throws IOException {
        OutboundBuffer into = ctx.below();
        int room = ctx.quantum() - into.size();
        if (room <= 0) {
            return;
        }
        Deflater d = deflater();
        below = into;
        out = CompressScratch.of(ctx.loop()).deflated();
        allowance = room;
        try {
            long taken = 0;
            while (above.size() > 0 && allowance > 0) {
                long n = above.drainTo(this);
                if (n == 0) {
                    break;
                }
                taken += n;
            }
            if (taken > 0) {
                deflateAll(d, Deflater.SYNC_FLUSH);
            }
        } finally {
            below = null;
            out = null;
        }
    }

    /** Deflates the bytes of {@code chunks}, up to the write's allowance, without flushing. */
    @Override
    public long take(ByteBuffer[] chunks, int offset, int length) {
        Deflater d = deflater;
        long taken = 0;
        try {
            for (int i = offset; i < offset + length && allowance > 0; i++) {
                ByteBuffer chunk = chunks[i];
                int n = Math.min(chunk.remaining(), allowance);
                if (n == 0) {
                    continue;
                }
                int limit = chunk.limit();
                chunk.limit(chunk.position() + n);
                try {
                    d.setInput(chunk);
                    while (!d.needsInput()) {
                        deflateOnce(d, Deflater.NO_FLUSH);
                    }
                } finally {
                    chunk.limit(limit);
                }
                taken += n;
                allowance -= n;
            }
        } finally {
            d.setInput(NO_INPUT); // the chunk goes back to its pool: keep no reference to it
        }
        return taken;
    }

    /** Deflates with {@code flush} until zlib has nothing more to say for it. */
    private void deflateAll(Deflater d, int flush) {
        // A full output buffer means zlib may have more: call again, as Deflater's contract asks.
        while (deflateOnce(d, flush) == out.capacity()) {
            // more
        }
    }

    private int deflateOnce(Deflater d, int flush) {
        ByteBuffer o = out.clear();
        int n = d.deflate(o, flush);
        if (n > 0) {
            below.writeBytes(o.flip());
        }
        return n;
    }

    private Deflater deflater() {
        Deflater d = deflater;
        if (d == null) {
            d = deflater = new Deflater(level, true);
            d.setStrategy(strategy);
        }
        return d;
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void read(ByteBuffer in, LayerContext ctx) throws DecodeException {
        if (inputFinished) {
            throw afterEnd(in);
        }
        Inflater inf = inflater;
        if (inf == null) {
            inf = inflater = new Inflater(true);
        }
        ByteBuffer scratch = CompressScratch.of(ctx.loop()).inflated();
        int produced = 0;
        inf.setInput(in);
        try {
            while (true) {
                scratch.clear();
                int n;
                try {
                    n = inf.inflate(scratch);
                } catch (DataFormatException e) {
                    throw new DecodeException("the peer's deflate stream is corrupt: " + e.getMessage(), e);
                }
                if (n > 0) {
                    produced += n;
                    if (!ctx.passUp(scratch.flip())) {
                        return; // the session closed
                    }
                }
                if (inf.finished()) {
                    inputFinished = true;
                    if (in.hasRemaining()) {
                        throw afterEnd(in);
                    }
                    return;
                }
                if (n == 0) {
                    if (inf.needsDictionary()) {
                        throw new DecodeException("the peer's deflate stream asks for a preset dictionary");
                    }
                    return; // all input taken: zlib keeps a partial block in its own state
                }
                if (produced >= READ_BUDGET && in.hasRemaining()) {
                    ctx.readAgain(); // the rest in a later pass: one session's bomb cannot hold the loop
                    return;
                }
            }
        } finally {
            inf.setInput(NO_INPUT); // the input buffer is reused once this call returns
        }
    }

    private static DecodeException afterEnd(ByteBuffer in) {
        return new DecodeException(in.remaining() + " bytes after the end of the peer's deflate stream");
    }

    @Override
    public void inputEnded(int unread, LayerContext ctx) {
        // Every byte given was taken: a block cut short leaves at most a partial packet, which the session's
        // decoder reports.
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean close(LayerContext ctx) {
        OutboundBuffer into = ctx.below();
        Deflater d = deflater;
        if (d == null) {
            into.writeBytes(EMPTY_STREAM);
        } else {
            below = into;
            out = CompressScratch.of(ctx.loop()).deflated();
            try {
                d.finish();
                while (!d.finished()) {
                    deflateOnce(d, Deflater.NO_FLUSH);
                }
            } finally {
                below = null;
                out = null;
            }
        }
        return true;
    }

    @Override
    public void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    @Override
    public String toString() {
        return "deflate(level " + level + (strategy == Deflater.HUFFMAN_ONLY ? ", huffman only" : "") + ")";
    }
}
