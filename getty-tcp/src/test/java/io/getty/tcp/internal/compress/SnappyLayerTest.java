package io.getty.tcp.internal.compress;

import static io.getty.tcp.internal.compress.CompressTestData.concat;
import static io.getty.tcp.internal.compress.CompressTestData.noise;
import static io.getty.tcp.internal.compress.CompressTestData.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.DecodeException;
import io.getty.core.EventLoopGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

class SnappyLayerTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = LayerHarness.group();
    }

    @AfterAll
    static void stopLoop() throws InterruptedException {
        LayerHarness.close(group);
    }

    private static LayerHarness harness() throws Exception {
        return new LayerHarness(group, layer());
    }

    private static SnappyLayer layer() {
        return new SnappyLayer();
    }

    /** What snappy-java's own framed writer makes of {@code messages}, flushed after each. */
    private static byte[] libraryFramed(byte[]... messages) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(wire)) {
            for (byte[] m : messages) {
                out.write(m);
                out.flush();
            }
        }
        return wire.toByteArray();
    }

    /** A chunk of {@code type} holding {@code body}, framed by hand. */
    private static byte[] chunk(int type, byte[] body) {
        int n = body.length;
        return concat(new byte[] {(byte) type, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16)}, body);
    }

    /** A data chunk's body: the masked CRC-32C of {@code plain}, little-endian, then {@code data}. */
    private static byte[] withChecksum(byte[] plain, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(plain);
        int masked = SnappyFraming.mask((int) crc.getValue());
        return concat(new byte[] {(byte) masked, (byte) (masked >>> 8), (byte) (masked >>> 16), (byte) (masked >>> 24)},
                data);
    }

    // ---------------------------------------------------------------- inbound

    @Test
    void readsTheLibrarysStreamCutAnywhere() throws Exception {
        byte[][] messages = {text(900, 1), noise(400, 2), text(2000, 3), new byte[] {42}};
        byte[] stream = concat(libraryFramed(messages),
                chunk(0xfe, new byte[7]),                              // padding
                chunk(0x80, new byte[] {1, 2, 3}),                      // a reserved skippable chunk
                SnappyFraming.STREAM_ID,                                // a second identifier: streams concatenated
                chunk(SnappyFraming.UNCOMPRESSED, withChecksum(text(50, 4), text(50, 4))));
        byte[] plain = concat(concat(messages), text(50, 4));
        for (int cut = 0; cut <= stream.length; cut++) {
            try (LayerHarness h = harness()) {
                h.heap = cut % 2 == 0;
                int at = cut;
                h.onLoop(() -> {
                    h.feed(stream, at);
                    return null;
                });
                assertThat(h.passedUp()).as("cut at %d", cut).isEqualTo(plain);
                assertThat(h.keptBytes()).isZero();
            }
        }
    }

    @Test
    void readsOneByteAtATimeAndInRandomChops() throws Exception {
        // Byte by byte, each chunk is copied again for every byte of it: a short stream.
        byte[][] small = {text(5000, 5), noise(3000, 6), text(20_000, 7)};
        byte[] smallStream = libraryFramed(small);
        int[] bytewise = LayerHarness.everyByte(smallStream.length);
        assertThat(LayerHarness.readCut(group, layer(), smallStream, bytewise, false)).isEqualTo(concat(small));
        byte[][] messages = {text(5000, 5), noise(70_000, 6), text(200_000, 7)};
        byte[] plain = concat(messages);
        byte[] stream = libraryFramed(messages);
        SplittableRandom random = new SplittableRandom(8);
        for (int round = 0; round < 50; round++) {
            int[] cuts = random.ints(random.nextInt(1, 30), 0, stream.length + 1).sorted().toArray();
            assertThat(LayerHarness.readCut(group, layer(), stream, cuts, round % 2 == 0)).isEqualTo(plain);
        }
    }

    @Test
    void passesUpAQuarterMebibyteAtATime() throws Exception {
        byte[] zeros = new byte[4 * 1024 * 1024];
        byte[] stream = libraryFramed(zeros);
        try (LayerHarness h = harness()) {
            h.onLoop(() -> {
                h.feed(stream);
                return null;
            });
            assertThat(h.passedUp()).isEqualTo(zeros);
            assertThat(h.mostPerCall).isLessThanOrEqualTo(DeflateLayer.READ_BUDGET + SnappyFraming.MAX_BLOCK);
            assertThat(h.readAgains).isGreaterThanOrEqualTo(zeros.length / (DeflateLayer.READ_BUDGET + SnappyFraming.MAX_BLOCK));
        }
    }

    @Test
    void malformedStreamsAreDecodeExceptions() throws Exception {
        byte[] id = SnappyFraming.STREAM_ID;
        byte[] hello = text(100, 9);
        byte[] block = Snappy.compress(hello);
        byte[] goodChunk = chunk(SnappyFraming.COMPRESSED, withChecksum(hello, block));
        byte[] badCrc = goodChunk.clone();
        badCrc[5] ^= 1;
        // 10 bytes, starting with a copy of 4 from 5 bytes back, before anything was written
        byte[] corrupt = chunk(SnappyFraming.COMPRESSED, withChecksum(hello, new byte[] {0x0a, 0x01, 0x05}));
        byte[] big = text(100_000, 16);
        byte[] declaresTooMuch = chunk(SnappyFraming.COMPRESSED, withChecksum(big, Snappy.compress(big)));
        byte[] tooLong = {SnappyFraming.UNCOMPRESSED, 0x05, 0x00, 0x01}; // 65,541 bytes: one too many
        assertMalformed(goodChunk, "does not start with the stream identifier");
        assertMalformed(concat(new byte[] {(byte) 0xff, 6, 0, 0}, "sNaPpZ".getBytes()), "is not \"sNaPpY\"");
        assertMalformed(new byte[] {(byte) 0xff, 7, 0, 0}, "stream identifier of 7 bytes");
        assertMalformed(concat(id, chunk(0x02, new byte[3])), "reserved type 0x2, which cannot be skipped");
        assertMalformed(concat(id, badCrc), "fails its CRC-32C check");
        assertMalformed(concat(id, corrupt), "does not uncompress");
        assertMalformed(concat(id, declaresTooMuch), "declares 100000 uncompressed bytes");
        assertMalformed(concat(id, tooLong), "a Snappy data chunk of 65541 bytes");
        assertMalformed(concat(id, chunk(SnappyFraming.COMPRESSED, new byte[4])), "a Snappy data chunk of 4 bytes");
    }

    private static void assertMalformed(byte[] stream, String message) throws Exception {
        for (boolean heap : new boolean[] {false, true}) {
            try (LayerHarness h = harness()) {
                h.heap = heap;
                assertThatThrownBy(() -> h.onLoop(() -> {
                    h.feed(stream);
                    return null;
                })).isInstanceOf(DecodeException.class).hasMessageContaining(message);
            }
        }
    }

    @Test
    void anEndInTheMiddleOfAChunkIsADecodeException() throws Exception {
        byte[] stream = libraryFramed(text(1000, 10));
        try (LayerHarness h = harness()) {
            h.onLoop(() -> {
                h.feed(java.util.Arrays.copyOf(stream, stream.length - 1));
                return null;
            });
            assertThat(h.keptBytes()).isPositive();
            assertThatThrownBy(() -> h.onLoop(h::inputEnded)).isInstanceOf(DecodeException.class)
                    .hasMessage("the peer's Snappy stream ended in the middle of a chunk");
        }
    }

    // ---------------------------------------------------------------- outbound

    @Test
    void eachWriteIsReadableAtOnceByTheLibrarysFramedReader() throws Exception {
        byte[][] messages = {text(10, 11), text(300_000, 12), noise(100_000, 13), new byte[] {7}, text(300, 14)};
        try (LayerHarness h = harness()) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int sent = 0;
            for (byte[] m : messages) {
                wire.writeBytes(h.onLoop(() -> h.write(m)));
                sent += m.length;
                assertThat(readExactly(wire.toByteArray(), sent)).isEqualTo(java.util.Arrays.copyOf(concat(messages), sent));
            }
            assertThat(h.onLoop(h::goodbye)).isEmpty();
            byte[] all = wire.toByteArray();
            assertThat(all).startsWith(SnappyFraming.STREAM_ID);
            assertThat(all.length).isLessThan(concat(messages).length / 2); // text compressed, noise stored
            try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(all))) {
                assertThat(in.readAllBytes()).isEqualTo(concat(messages));
            }
            // And this layer reads what it writes.
            try (LayerHarness reader = harness()) {
                reader.onLoop(() -> {
                    reader.feed(all);
                    return null;
                });
                assertThat(reader.passedUp()).isEqualTo(concat(messages));
            }
        }
    }

    @Test
    void oneWriteStopsOnceAQuantumIsBelow() throws Exception {
        byte[] big = noise(300_000, 15);
        try (LayerHarness h = harness()) {
            h.quantum = 16 * 1024;
            long taken = h.onLoop(() -> h.writeOnce(big));
            assertThat(taken).isEqualTo(SnappyFraming.MAX_BLOCK); // one chunk, then the queue below is full
            byte[] wire = h.onLoop(h::drainBelow);
            assertThat(readExactly(wire, SnappyFraming.MAX_BLOCK))
                    .isEqualTo(java.util.Arrays.copyOf(big, SnappyFraming.MAX_BLOCK));
        }
    }

    @Test
    void theBoundOnACompressedBlockIsTheLibrarys() {
        assertThat(SnappyFraming.MAX_COMPRESSED_BLOCK).isEqualTo(Snappy.maxCompressedLength(SnappyFraming.MAX_BLOCK));
    }

    /** Reads exactly {@code n} bytes of {@code wire} with the library's framed reader, which must not need more. */
    private static byte[] readExactly(byte[] wire, int n) throws IOException {
        InputStream noMore = new SequenceInputStream(new ByteArrayInputStream(wire), new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the reader needed bytes that were not sent: a chunk was held back");
            }
        });
        try (InputStream in = new SnappyFramedInputStream(noMore)) {
            return in.readNBytes(n);
        }
    }
}
