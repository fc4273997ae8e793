package io.getty.tcp.internal.compress;

import static io.getty.tcp.internal.compress.SnappyFraming.CHECKSUM;
import static io.getty.tcp.internal.compress.SnappyFraming.COMPRESSED;
import static io.getty.tcp.internal.compress.SnappyFraming.HEADER;
import static io.getty.tcp.internal.compress.SnappyFraming.LAST_UNSKIPPABLE;
import static io.getty.tcp.internal.compress.SnappyFraming.MAX_BLOCK;
import static io.getty.tcp.internal.compress.SnappyFraming.MAX_COMPRESSED_BLOCK;
import static io.getty.tcp.internal.compress.SnappyFraming.STREAM_ID;
import static io.getty.tcp.internal.compress.SnappyFraming.STREAM_IDENTIFIER;
import static io.getty.tcp.internal.compress.SnappyFraming.UNCOMPRESSED;

import io.getty.core.DecodeException;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A session's byte stream in Snappy's framing format each way (what Getty's {@code CompressSnappy} speaks
 * through Go's {@code snappy.NewReader}/{@code NewBufferedWriter}), on snappy-java's block compressor.
 *
 * <ul>
 *   <li><b>Outbound</b>: the stream identifier before the first data, then each {@link #write} cuts what it
 *       takes into chunks of at most 64 KiB, while the queue below is under a quantum. A chunk is sent
 *       compressed when that saves at least an eighth, else as it is; either way it is whole when the call
 *       returns, so no packet waits.</li>
 *   <li><b>Inbound</b>: {@link #read} checks the stream identifier, waits for whole chunks (at most 76 KiB
 *       each), checks each one's length, declared size and CRC-32C, skips padding and skippable chunks, and
 *       passes the data up. One call passes up at most {@link DeflateLayer#READ_BUDGET} bytes before it asks
 *       to {@linkplain LayerContext#readAgain() read again} in a later loop pass, as the deflate layer does.
 *       Anything malformed fails the session with a {@link DecodeException}.</li>
 * </ul>
 *
 * <p>Snappy keeps no state between chunks: an idle session's layer holds a few fields and nothing native.
 */
public final class SnappyLayer implements Layer, OutboundBuffer.ChunkSink {
    private boolean streamStarted;
    private boolean identified;
    /** Bytes of a skippable chunk still to skip. */
    private int skipping;
    /** Where {@link #take} gathers the bytes of the next chunk, during a write. */
    private ByteBuffer staged;

    /** A layer for one session; snappy-java must be usable here ({@link SnappyLibrary#check()}). */
    public SnappyLayer() {
        SnappyLibrary.check();
    }

    @Override
    public void open(LayerContext ctx) {
        ctx.opened(); // nothing to agree on: both ends are configured alike
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(OutboundBuffer above, LayerContext ctx) throws IOException {
        OutboundBuffer below = ctx.below();
        int quantum = ctx.quantum();
        if (below.size() >= quantum) {
            return;
        }
        if (!streamStarted) {
            streamStarted = true;
            below.writeBytes(STREAM_ID);
        }
        CompressScratch scratch = CompressScratch.of(ctx.loop());
        try {
            while (above.size() > 0 && below.size() < quantum) {
                staged = scratch.staged();
                if (above.drainTo(this) == 0) {
                    break;
                }
                writeChunk(staged.flip(), below, scratch);
            }
        } finally {
            staged = null;
        }
    }

    /** Copies bytes of {@code chunks} into the staged chunk until it is full. */
    @Override
    public long take(ByteBuffer[] chunks, int offset, int length) {
        ByteBuffer into = staged;
        long taken = 0;
        for (int i = offset; i < offset + length && into.hasRemaining(); i++) {
            ByteBuffer chunk = chunks[i];
            int n = Math.min(chunk.remaining(), into.remaining());
            into.put(into.position(), chunk, chunk.position(), n);
            into.position(into.position() + n);
            chunk.position(chunk.position() + n);
            taken += n;
        }
        return taken;
    }

    private static void writeChunk(ByteBuffer data, OutboundBuffer below, CompressScratch scratch)
            throws IOException {
        int n = data.remaining();
        CRC32C crc = scratch.crc();
        crc.update(data);
        data.position(0);
        int checksum = SnappyFraming.mask((int) crc.getValue());
        ByteBuffer compressed = scratch.compressed();
        int size = SnappyBlocks.compress(data, compressed);
        if (size < n - n / 8) {
            header(below, COMPRESSED, CHECKSUM + size);
            below.writeInt(Integer.reverseBytes(checksum));
            below.writeBytes(compressed.position(0).limit(size));
        } else {
            header(below, UNCOMPRESSED, CHECKSUM + n);
            below.writeInt(Integer.reverseBytes(checksum));
            below.writeBytes(data);
        }
    }

    private static void header(OutboundBuffer below, int type, int length) {
        below.writeByte(type).writeByte(length).writeByte(length >>> 8).writeByte(length >>> 16);
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void read(ByteBuffer in, LayerContext ctx) throws DecodeException {
        int produced = 0;
        while (in.hasRemaining()) {
            if (skipping > 0) {
                int n = Math.min(skipping, in.remaining());
                in.position(in.position() + n);
                skipping -= n;
                continue;
            }
            int start = in.position();
            if (in.remaining() < HEADER) {
                return;
            }
            int type = in.get(start) & 0xff;
            int length = (in.get(start + 1) & 0xff) | (in.get(start + 2) & 0xff) << 8 | (in.get(start + 3) & 0xff) << 16;
            if (!identified && type != STREAM_IDENTIFIER) {
                throw new DecodeException("the peer's Snappy stream does not start with the stream identifier "
                        + "(chunk type 0x" + Integer.toHexString(type) + ")");
            }
            if (type == COMPRESSED || type == UNCOMPRESSED) {
                int max = CHECKSUM + (type == COMPRESSED ? MAX_COMPRESSED_BLOCK : MAX_BLOCK);
                if (length < CHECKSUM + (type == COMPRESSED ? 1 : 0) || length > max) {
                    throw new DecodeException("a Snappy data chunk of " + length + " bytes (allowed: up to " + max + ")");
                }
                if (in.remaining() < HEADER + length) {
                    return; // a partial chunk: the stack keeps it
                }
                if (produced >= DeflateLayer.READ_BUDGET) {
                    ctx.readAgain(); // the rest in a later pass: one session's burst cannot hold the loop
                    return;
                }
                int n = type == COMPRESSED ? uncompressed(in, start, length, ctx) : stored(in, start, length, ctx);
                if (n < 0) {
                    return; // the session closed
                }
                produced += n;
            } else if (type == STREAM_IDENTIFIER) {
                if (length != STREAM_ID.length - HEADER) {
                    throw new DecodeException("a Snappy stream identifier of " + length + " bytes");
                }
                if (in.remaining() < STREAM_ID.length) {
                    return;
                }
                for (int i = HEADER; i < STREAM_ID.length; i++) {
                    if (in.get(start + i) != STREAM_ID[i]) {
                        throw new DecodeException("the peer's Snappy stream identifier is not \"sNaPpY\"");
                    }
                }
                identified = true;
                in.position(start + STREAM_ID.length);
            } else if (type <= LAST_UNSKIPPABLE) {
                throw new DecodeException("a Snappy chunk of reserved type 0x" + Integer.toHexString(type)
                        + ", which cannot be skipped");
            } else {
                in.position(start + HEADER); // padding or a reserved skippable chunk
                skipping = length;
            }
        }
    }

    /** Uncompresses one whole compressed chunk at {@code start} and passes it up; -1 if the session closed. */
    private static int uncompressed(ByteBuffer in, int start, int length, LayerContext ctx) throws DecodeException {
        int expected = Integer.reverseBytes(in.getInt(start + HEADER));
        int from = start + HEADER + CHECKSUM;
        int size = length - CHECKSUM;
        int end = start + HEADER + length;
        CompressScratch scratch = CompressScratch.of(ctx.loop());
        ByteBuffer data;
        try {
            if (in.isDirect()) {
                data = uncompressDirect(in, from, end, scratch.uncompressed());
            } else if (in.hasArray()) {
                data = uncompressArray(in.array(), in.arrayOffset() + from, size, scratch);
            } else {
                ByteBuffer copy = scratch.compressed();
                copy.put(0, in, from, size).limit(size);
                data = uncompressDirect(copy, 0, size, scratch.uncompressed());
            }
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("a Snappy chunk from the peer does not uncompress: " + e.getMessage(), e);
        }
        in.position(end);
        check(data, expected, scratch);
        int n = data.remaining();
        return ctx.passUp(data) ? n : -1;
    }

    private static ByteBuffer uncompressDirect(ByteBuffer in, int from, int end, ByteBuffer out)
            throws IOException, DecodeException {
        int position = in.position();
        int limit = in.limit();
        try {
            in.limit(end).position(from);
            declared(SnappyBlocks.uncompressedLength(in));
            int n = SnappyBlocks.uncompress(in, out);
            return out.position(0).limit(n);
        } finally {
            in.limit(limit).position(position);
        }
    }

    private static ByteBuffer uncompressArray(byte[] in, int offset, int size, CompressScratch scratch)
            throws IOException, DecodeException {
        declared(SnappyBlocks.uncompressedLength(in, offset, size));
        byte[] out = scratch.uncompressedArray();
        int n = SnappyBlocks.uncompress(in, offset, size, out);
        return scratch.uncompressedHeap(n);
    }

    /** Refuses a block that declares more than a chunk may hold, before the native code writes it. */
    private static void declared(int length) throws DecodeException {
        if (length < 0 || length > MAX_BLOCK) {
            throw new DecodeException("a Snappy chunk from the peer declares " + length + " uncompressed bytes "
                    + "(allowed: up to " + MAX_BLOCK + ")");
        }
    }

    /** Passes up the data of one whole uncompressed chunk at {@code start}; -1 if the session closed. */
    private static int stored(ByteBuffer in, int start, int length, LayerContext ctx) throws DecodeException {
        int expected = Integer.reverseBytes(in.getInt(start + HEADER));
        int end = start + HEADER + length;
        int limit = in.limit();
        in.limit(end).position(start + HEADER + CHECKSUM);
        try {
            int n = in.remaining();
            check(in, expected, CompressScratch.of(ctx.loop()));
            return ctx.passUp(in) ? n : -1;
        } finally {
            in.limit(limit).position(end);
        }
    }

    /** Checks {@code data}'s masked CRC-32C against {@code expected}; leaves its position alone. */
    private static void check(ByteBuffer data, int expected, CompressScratch scratch) throws DecodeException {
        int position = data.position();
        CRC32C crc = scratch.crc();
        crc.update(data);
        data.position(position);
        int actual = SnappyFraming.mask((int) crc.getValue());
        if (actual != expected) {
            throw new DecodeException("a Snappy chunk from the peer fails its CRC-32C check (0x"
                    + Integer.toHexString(actual) + ", expected 0x" + Integer.toHexString(expected) + ")");
        }
    }

    @Override
    public void inputEnded(int unread, LayerContext ctx) throws DecodeException {
        if (unread > 0 || skipping > 0) {
            throw new DecodeException("the peer's Snappy stream ended in the middle of a chunk");
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean close(LayerContext ctx) {
        return true; // the framing format has no end marker
    }

    @Override
    public void release() {
        // Nothing held: snappy-java's blocks are stateless.
    }

    @Override
    public String toString() {
        return "snappy";
    }
}
