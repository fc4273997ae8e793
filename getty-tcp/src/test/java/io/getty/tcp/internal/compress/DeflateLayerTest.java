package io.getty.tcp.internal.compress;

import static io.getty.tcp.internal.compress.CompressTestData.concat;
import static io.getty.tcp.internal.compress.CompressTestData.jdkDeflate;
import static io.getty.tcp.internal.compress.CompressTestData.noise;
import static io.getty.tcp.internal.compress.CompressTestData.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.DecodeException;
import io.getty.core.EventLoopGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeflateLayerTest {
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

    private static DeflateLayer layer() {
        return new DeflateLayer(Deflater.DEFAULT_COMPRESSION, Deflater.DEFAULT_STRATEGY);
    }

    // ---------------------------------------------------------------- inbound

    @Test
    void readsAStreamCutAnywhere() throws Exception {
        byte[][] messages = {text(700, 1), noise(300, 2), text(1500, 3), new byte[] {42}};
        byte[] plain = concat(messages);
        byte[] stream = jdkDeflate(Deflater.DEFAULT_COMPRESSION, false, messages);
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
    void readsAStreamOneByteAtATimeAndInRandomChops() throws Exception {
        byte[][] messages = {text(5000, 4), noise(2000, 5), text(70_000, 6)};
        byte[] plain = concat(messages);
        byte[] stream = jdkDeflate(Deflater.BEST_SPEED, true, messages);
        int[] bytewise = LayerHarness.everyByte(stream.length);
        assertThat(LayerHarness.readCut(group, layer(), stream, bytewise, true)).isEqualTo(plain);
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int[] cuts = random.ints(random.nextInt(1, 30), 0, stream.length + 1).sorted().toArray();
            assertThat(LayerHarness.readCut(group, layer(), stream, cuts, round % 2 == 0)).as("cuts %s", java.util.Arrays.toString(cuts))
                    .isEqualTo(plain);
        }
    }

    @Test
    void inflatesABombAQuarterMebibyteAtATime() throws Exception {
        byte[] zeros = new byte[1024 * 1024];
        byte[][] bomb = new byte[64][];
        java.util.Arrays.fill(bomb, zeros);
        byte[] stream = jdkDeflate(Deflater.BEST_COMPRESSION, false, bomb); // 64 MiB in about 64 KiB
        assertThat(stream.length).isLessThan(100 * 1024);
        try (LayerHarness h = harness()) {
            h.onLoop(() -> {
                h.feed(stream);
                return null;
            });
            byte[] out = h.passedUp();
            assertThat(out.length).isEqualTo(64 * 1024 * 1024);
            assertThat(java.util.Arrays.mismatch(out, new byte[out.length])).isEqualTo(-1);
            assertThat(h.mostPerCall).isLessThan(DeflateLayer.READ_BUDGET + CompressScratch.SIZE);
            assertThat(h.readAgains).isGreaterThanOrEqualTo(64 * 1024 * 1024 / (DeflateLayer.READ_BUDGET + CompressScratch.SIZE));
        }
    }

    @Test
    void corruptInputIsADecodeException() throws Exception {
        byte[] good = jdkDeflate(Deflater.DEFAULT_COMPRESSION, false, text(100, 8));
        byte[] reservedBlockType = {0x06, 0x00, 0x00}; // BFINAL 0, BTYPE 11: reserved
        byte[] badStoredLength = {0x00, 0x05, 0x00, 0x00, 0x00}; // LEN 5, NLEN 0: not its complement
        for (byte[] bad : new byte[][] {reservedBlockType, badStoredLength, concat(good, reservedBlockType)}) {
            try (LayerHarness h = harness()) {
                assertThatThrownBy(() -> h.onLoop(() -> {
                    h.feed(bad);
                    return null;
                })).isInstanceOf(DecodeException.class).hasMessageContaining("the peer's deflate stream is corrupt")
                        .hasCauseInstanceOf(java.util.zip.DataFormatException.class);
            }
        }
    }

    @Test
    void bytesAfterTheFinalBlockAreADecodeException() throws Exception {
        byte[] ended = jdkDeflate(Deflater.DEFAULT_COMPRESSION, true, text(100, 9));
        try (LayerHarness h = harness()) {
            assertThatThrownBy(() -> h.onLoop(() -> {
                h.feed(concat(ended, new byte[] {1, 2, 3}), ended.length);
                return null;
            })).isInstanceOf(DecodeException.class).hasMessage("3 bytes after the end of the peer's deflate stream");
            assertThat(h.passedUp()).isEqualTo(text(100, 9));
        }
    }

    // ---------------------------------------------------------------- outbound

    @ParameterizedTest(name = "level {0}, strategy {1}")
    @CsvSource({"0, 0", "1, 0", "-1, 0", "9, 0", "-1, 2"})
    void eachWriteIsReadableAtOnceByTheJdkAndCloseEndsTheStream(int level, int strategy) throws Exception {
        byte[][] messages = {text(10, 10), text(100_000, 11), noise(5000, 12), new byte[] {7}, text(300, 13)};
        try (LayerHarness h = new LayerHarness(group, new DeflateLayer(level, strategy))) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (byte[] m : messages) {
                wire.writeBytes(h.onLoop(() -> h.write(m)));
                // Everything written so far is readable from the bytes sent so far: the layer flushed.
                assertThat(inflateExactly(wire.toByteArray(), wire.size() == 0 ? 0 : plainLength(messages, m)))
                        .isEqualTo(prefix(messages, m));
            }
            wire.writeBytes(h.onLoop(h::goodbye));
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(wire.toByteArray()),
                    new Inflater(true))) {
                assertThat(in.readAllBytes()).isEqualTo(concat(messages)); // and a clean end of stream
            }
        }
    }

    @Test
    void oneWriteTakesAtMostAQuantumAndCarriesAllItTook() throws Exception {
        byte[] big = noise(200_000, 14);
        try (LayerHarness h = harness()) {
            h.quantum = 16 * 1024;
            long taken = h.onLoop(() -> h.writeOnce(big));
            assertThat(taken).isEqualTo(16 * 1024);
            byte[] wire = h.onLoop(h::drainBelow);
            assertThat(inflateExactly(wire, 16 * 1024)).isEqualTo(java.util.Arrays.copyOf(big, 16 * 1024));
        }
    }

    @Test
    void aSessionThatNeverWroteEndsAnEmptyStream() throws Exception {
        try (LayerHarness h = harness()) {
            byte[] goodbye = h.onLoop(h::goodbye);
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(goodbye), new Inflater(true))) {
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    /** Inflates {@code wire} with the JDK, reading exactly {@code n} bytes, which must not need more input. */
    private static byte[] inflateExactly(byte[] wire, int n) throws Exception {
        InputStream noMore = new SequenceInputStream(new ByteArrayInputStream(wire), new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the inflater needed bytes that were not sent: the writer did not flush");
            }
        });
        try (InputStream in = new InflaterInputStream(noMore, new Inflater(true))) {
            return in.readNBytes(n);
        }
    }

    private static int plainLength(byte[][] messages, byte[] upTo) {
        return prefix(messages, upTo).length;
    }

    private static byte[] prefix(byte[][] messages, byte[] upTo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
            if (m == upTo) {
                break;
            }
        }
        return out.toByteArray();
    }
}
