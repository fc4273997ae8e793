package io.getty.core.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.WriteBufferFullException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OutboundBuffer} on small (256-byte) chunks, so that every kind of write crosses chunk boundaries. */
@Timeout(60)
class OutboundBufferTest {
    private static final int CHUNK = 256;

    private final ChunkPool pool = new ChunkPool(CHUNK, 4096); // bound: 4096 chunks
    private final OutboundBuffer out = new OutboundBuffer(pool);

    @Test
    void everyKindOfWriteAtEveryOffsetAcrossABoundary() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream ref = new DataOutputStream(expected);
        byte[] array = pattern(700, 3);
        ByteBuffer heap = ByteBuffer.wrap(pattern(600, 5));
        heap.position(17).limit(590);
        ByteBuffer direct = ByteBuffer.allocateDirect(600).put(pattern(600, 9)).flip();
        direct.position(33).limit(555);
        // Shift the start by one byte per round, so that each primitive lands on every offset of a chunk end.
        for (int shift = 0; shift < 2 * CHUNK; shift += 1) {
            out.writeByte(shift);
            ref.writeByte(shift);
            out.writeShort(0x1234 + shift);
            ref.writeShort(0x1234 + shift);
            out.writeInt(0xDEADBEEF ^ shift);
            ref.writeInt(0xDEADBEEF ^ shift);
            out.writeLong(0x0102030405060708L * (shift + 1));
            ref.writeLong(0x0102030405060708L * (shift + 1));
            if (shift % 16 == 0) {
                out.writeBytes(array);
                ref.write(array);
                out.writeBytes(array, 11, 299);
                ref.write(array, 11, 299);
                out.writeBytes(heap);
                ref.write(copyOf(heap));
                out.writeBytes(direct);
                ref.write(copyOf(direct));
                out.writeBytes(new byte[0]);
                out.writeBytes(ByteBuffer.allocate(0));
            }
        }
        assertThat(out.size()).isEqualTo(expected.size());
        assertThat(drainThroughPipe(out)).isEqualTo(expected.toByteArray());
        assertThat(out.size()).isZero();
    }

    @Test
    void writeBytesOfABufferLeavesItsPositionAndLimitAlone() {
        for (ByteBuffer src : new ByteBuffer[] {ByteBuffer.wrap(pattern(1000, 1)), ByteBuffer.allocateDirect(1000)}) {
            src.position(100).limit(900);
            out.writeBytes(src);
            out.writeBytes(src);
            assertThat(src.position()).isEqualTo(100);
            assertThat(src.limit()).isEqualTo(900);
        }
        assertThat(out.size()).isEqualTo(4 * 800);
    }

    @Test
    void rollbackTakesBackEverythingSinceTheMarkAndReturnsItsChunks() throws IOException {
        byte[] a = pattern(300, 1);
        byte[] b = pattern(1000, 2);
        byte[] c = pattern(50, 3);
        out.writeBytes(a);
        long mark = out.mark();
        int sizeAtMark = out.size();
        out.writeBytes(b);
        out.writeLong(42);
        assertThat(out.size()).isEqualTo(1308);
        int pooledBefore = pool.pooled();
        out.rollback(mark, sizeAtMark);
        assertThat(out.size()).isEqualTo(300);
        assertThat(pool.pooled()).as("chunks added after the mark go back to the pool").isEqualTo(pooledBefore + 4);
        out.writeBytes(c);
        assertThat(drainThroughPipe(out)).isEqualTo(concat(a, c));
    }

    @Test
    void rollbackAtAFullChunkAndOnAnEmptyBuffer() throws IOException {
        long mark = out.mark(); // empty buffer
        out.writeBytes(pattern(600, 1));
        out.rollback(mark, 0);
        assertThat(out.size()).isZero();
        assertThat(pool.pooled()).as("every chunk back").isEqualTo((int) pool.allocated());

        byte[] one = pattern(100, 5); // one chunk, then more: back to one
        out.writeBytes(one);
        mark = out.mark();
        out.writeBytes(pattern(1000, 6));
        out.rollback(mark, 100);
        assertThat(drainThroughPipe(out)).isEqualTo(one);

        byte[] full = pattern(CHUNK, 4); // the tail chunk is exactly full at the mark
        out.writeBytes(full);
        mark = out.mark();
        out.writeInt(7);
        out.rollback(mark, CHUNK);
        out.writeShort(0x0A0B);
        assertThat(drainThroughPipe(out)).isEqualTo(concat(full, new byte[] {0x0A, 0x0B}));
    }

    @Test
    void rollbackAfterAPartialFlushKeepsTheUnsentRest() throws IOException {
        byte[] a = pattern(100_000, 5);
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        pipe.source().configureBlocking(false);
        out.writeBytes(a);
        long sent = out.writeTo(pipe.sink());
        assertThat(sent).as("a pipe takes only part of 100 KB").isPositive().isLessThan(a.length);
        long mark = out.mark();
        int sizeAtMark = out.size();
        out.writeBytes(pattern(5000, 6));
        out.rollback(mark, sizeAtMark);
        byte[] c = pattern(77, 7);
        out.writeBytes(c);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        pump(out, pipe, received);
        assertThat(received.toByteArray()).isEqualTo(concat(a, c));
        pipe.sink().close();
        pipe.source().close();
    }

    @Test
    void partialWritesToAPipeReleaseSentChunksAndEveryChunkWhenDone() throws IOException {
        byte[] data = pattern(300_000, 8);
        out.writeBytes(data);
        long allocated = pool.allocated();
        assertThat(allocated).isEqualTo((data.length + CHUNK - 1) / CHUNK);
        assertThat(pool.pooled()).isZero();
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        pipe.source().configureBlocking(false);
        long first = out.writeTo(pipe.sink());
        assertThat(first).isPositive().isLessThan(data.length);
        assertThat(out.size()).isEqualTo(data.length - first);
        assertThat(pool.pooled()).as("chunks sent in full are back in the pool").isEqualTo((int) (first / CHUNK));
        assertThat(out.writeTo(pipe.sink())).as("the pipe is full until read").isZero();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.write(readAvailable(pipe));
        pump(out, pipe, received);
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(out.size()).isZero();
        assertThat(pool.pooled()).as("every chunk is back").isEqualTo((int) allocated);
        assertThat(out.writeTo(pipe.sink())).as("nothing pending").isZero();
        out.writeInt(1);
        assertThat(pool.allocated()).as("a chunk is reused, not allocated").isEqualTo(allocated);
        pipe.sink().close();
        pipe.source().close();
    }

    @Test
    void gatheringWritesToALoopbackSocketWithAPeerThatReadsSlowly() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel peer = listener.accept()) {
                client.configureBlocking(false);
                // Small, fixed socket buffers (not auto-tuned) so that the writer outruns the reader; not smaller,
                // or loopback's 64 KiB MSS makes TCP wait for zero-window probes.
                client.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                peer.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 128 * 1024);
                Random random = new Random(7);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                for (int i = 0; i < 20_000; i++) {
                    byte[] b = pattern(1 + random.nextInt(600), i);
                    out.writeInt(b.length);
                    out.writeBytes(b);
                    expected.writeBytes(intBytes(b.length));
                    expected.writeBytes(b);
                }
                byte[] want = expected.toByteArray();
                ByteBuffer got = ByteBuffer.allocate(want.length);
                int zeroWrites = 0;
                while (out.size() > 0 || got.hasRemaining()) {
                    if (out.size() > 0 && out.writeTo(client) == 0) {
                        zeroWrites++;
                    }
                    ByteBuffer slice = ByteBuffer.allocate(Math.min(got.remaining(), 16 * 1024));
                    int n = slice.hasRemaining() ? peer.read(slice) : 0;
                    assertThat(n).isNotNegative();
                    got.put(slice.flip());
                }
                assertThat(got.array()).isEqualTo(want);
                assertThat(zeroWrites).as("the socket buffer filled at least once: writes were partial").isPositive();
                assertThat(pool.pooled()).as("every chunk back, up to the pool's bound")
                        .isEqualTo((int) Math.min(pool.allocated(), 4096));
            }
        }
    }

    @Test
    void releaseAllDropsThePendingBytesAndReturnsTheChunks() {
        out.writeBytes(pattern(2000, 1));
        out.releaseAll();
        assertThat(pool.pooled()).isEqualTo((int) pool.allocated());
        assertThat(pool.pooled()).isEqualTo(8);
    }

    @Test
    void aPoolThatIsFullLetsChunksGo() {
        ChunkPool tiny = new ChunkPool(CHUNK, 2);
        OutboundBuffer o = new OutboundBuffer(tiny);
        o.writeBytes(pattern(5 * CHUNK, 1));
        o.releaseAll();
        assertThat(tiny.pooled()).isEqualTo(2);
        assertThat(tiny.allocated()).isEqualTo(5);
        ByteBuffer reused = tiny.acquire();
        assertThat(reused.position()).isZero();
        assertThat(reused.limit()).isEqualTo(CHUNK);
    }

    @Test
    void theWriteLimitFailsAWriteOnceThePendingBytesReachIt() throws IOException {
        int limit = 1000;
        out.limit(limit);
        ByteArrayOutputStream accepted = new ByteArrayOutputStream();
        WriteBufferFullException failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            byte[] piece = pattern(100, i);
            long mark = out.mark();
            int sizeAtMark = out.size();
            try {
                out.writeBytes(piece);
                accepted.writeBytes(piece);
            } catch (WriteBufferFullException e) {
                failure = e;
                out.rollback(mark, sizeAtMark);
            }
        }
        assertThat(failure).as("writes past the limit fail").isNotNull();
        assertThat(failure).hasMessageContaining("limit " + limit);
        assertThat(out.size()).as("the limit is checked per chunk: never more than a chunk beyond it")
                .isGreaterThanOrEqualTo(limit).isLessThan(limit + CHUNK);
        assertThat(out.size()).isEqualTo(accepted.size());
        assertThat(drainThroughPipe(out)).isEqualTo(accepted.toByteArray());
        out.writeBytes(pattern(100, 0)); // room again
        assertThat(out.size()).isEqualTo(100);
    }

    @Test
    void oneHugeWriteOverTheLimitAllocatesNoMoreThanTheLimit() {
        out.limit(4096);
        long mark = out.mark();
        assertThatThrownBy(() -> out.writeBytes(new byte[10 * 1024 * 1024])).isInstanceOf(WriteBufferFullException.class);
        out.rollback(mark, 0);
        assertThat(pool.allocated()).isLessThanOrEqualTo(4096 / CHUNK + 1);
        assertThat(out.size()).isZero();
        assertThatThrownBy(() -> {
            out.writeBytes(new byte[4096]);
            out.writeByte(1);
        }).isInstanceOf(WriteBufferFullException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** Sends everything pending through a real pipe, reading the other end as it goes. */
    private static byte[] drainThroughPipe(OutboundBuffer buffer) throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().configureBlocking(false);
            pipe.source().configureBlocking(false);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            pump(buffer, pipe, received);
            return received.toByteArray();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    private static void pump(OutboundBuffer buffer, Pipe pipe, ByteArrayOutputStream received) throws IOException {
        while (buffer.size() > 0) {
            int before = buffer.size();
            long n = buffer.writeTo(pipe.sink());
            assertThat(buffer.size()).isEqualTo(before - n);
            received.write(readAvailable(pipe));
        }
        received.write(readAvailable(pipe));
    }

    private static byte[] readAvailable(Pipe pipe) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        int n;
        while ((n = pipe.source().read(buf.clear())) > 0) {
            bytes.write(buf.array(), 0, n);
        }
        return bytes.toByteArray();
    }

    private static byte[] copyOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + (i >>> 8));
        }
        return b;
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] all = new byte[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        return all;
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
