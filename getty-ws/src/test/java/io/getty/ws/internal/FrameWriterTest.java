package io.getty.ws.internal;

import static io.getty.ws.internal.FrameParserTest.frame;
import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    private static byte[] written(ByteBuffer dst, int from) {
        byte[] out = new byte[dst.position() - from];
        dst.get(from, out);
        return out;
    }

    private static List<String> parsed(byte[] wire, boolean serverSide) {
        return FrameParserTest.parse(wire, new int[0], serverSide, Frames.RSV_MASK, Long.MAX_VALUE, false);
    }

    @Test
    void aServerWritesTheRfcExamplesUnmasked() {
        FrameWriter server = new FrameWriter(false);
        ByteBuffer dst = ByteBuffer.allocate(80_000);
        server.writeFrame(dst, true, 0, Frames.TEXT, ByteBuffer.wrap(HELLO));
        assertThat(written(dst, 0)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));

        dst.clear();
        server.writeFrame(dst, false, 0, Frames.TEXT, ByteBuffer.wrap("Hel".getBytes(StandardCharsets.US_ASCII)));
        server.writeFrame(dst, true, 0, Frames.CONTINUATION, ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)));
        assertThat(written(dst, 0)).isEqualTo(hex("01 03 48 65 6c 80 02 6c 6f"));

        dst.clear();
        server.writeFrame(dst, true, 0, Frames.PING, ByteBuffer.wrap(HELLO));
        assertThat(written(dst, 0)).isEqualTo(hex("89 05 48 65 6c 6c 6f"));

        dst.clear();
        server.writeFrame(dst, true, 0, Frames.BINARY, ByteBuffer.allocate(256));
        assertThat(written(dst, 0)).startsWith(hex("82 7e 01 00")).hasSize(4 + 256);

        dst.clear();
        server.writeFrame(dst, true, 0, Frames.BINARY, ByteBuffer.allocate(65536));
        assertThat(written(dst, 0)).startsWith(hex("82 7f 00 00 00 00 00 01 00 00")).hasSize(10 + 65536);
    }

    @Test
    void aClientMasksWithAFreshKeyPerFrameAndTheServerParserReadsItBack() {
        FrameWriter client = new FrameWriter(true);
        ByteBuffer dst = ByteBuffer.allocate(200);
        ByteBuffer payload = ByteBuffer.wrap(HELLO);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            dst.clear();
            client.writeFrame(dst, true, 0, Frames.TEXT, payload);
            byte[] wire = written(dst, 0);
            assertThat(wire).hasSize(2 + 4 + 5);
            assertThat(wire[1] & 0x80).as("mask bit").isNotZero();
            keys.add(java.util.HexFormat.of().formatHex(wire, 2, 6));
            assertThat(parsed(wire, true)).containsExactly(frame(true, 0, 1, true, HELLO));
            assertThat(payload.position()).as("payload position left alone").isZero();
        }
        assertThat(keys).as("a key per frame").hasSizeGreaterThan(1);
    }

    @Test
    void everyLengthClassRoundTripsBothWays() {
        Random random = new Random(3);
        for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            for (boolean client : new boolean[] {false, true}) {
                FrameWriter writer = new FrameWriter(client);
                ByteBuffer dst = ByteBuffer.allocate(length + 14);
                writer.writeFrame(dst, true, Frames.RSV1, Frames.BINARY, ByteBuffer.wrap(payload));
                assertThat(dst.position()).isEqualTo(Frames.headerLength(length, client) + length);
                assertThat(parsed(written(dst, 0), client))
                        .containsExactly(frame(true, Frames.RSV1, 2, client, payload));
            }
        }
    }

    @Test
    void writeHeaderReturnsTheKeyToMaskWith() {
        FrameWriter client = new FrameWriter(true);
        ByteBuffer dst = ByteBuffer.allocate(64);
        int key = client.writeHeader(dst, true, 0, Frames.TEXT, 5);
        int payloadAt = dst.position();
        dst.put(HELLO);
        Masking.maskInPlace(dst, payloadAt, payloadAt + 5, key, 0);
        assertThat(parsed(written(dst, 0), true)).containsExactly(frame(true, 0, 1, true, HELLO));

        FrameWriter server = new FrameWriter(false);
        dst.clear();
        assertThat(server.writeHeader(dst, true, 0, Frames.TEXT, 5)).isZero();
        assertThat(written(dst, 0)).isEqualTo(hex("81 05"));
    }

    @Test
    void refusesHeadersThatWouldBreakTheProtocolAndFramesThatDoNotFit() {
        FrameWriter writer = new FrameWriter(false);
        ByteBuffer dst = ByteBuffer.allocate(300);
        assertThatThrownBy(() -> writer.writeFrame(dst, true, 0, 3, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeFrame(dst, false, 0, Frames.PING, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeFrame(dst, true, 0, Frames.CLOSE, ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeFrame(dst, true, 0x08, Frames.TEXT, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeFrame(ByteBuffer.allocate(6), true, 0, Frames.TEXT, ByteBuffer.allocate(5)))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isZero();
    }

    @Test
    void writingAllocatesNothingPerFrame() {
        FrameWriter client = new FrameWriter(true);
        ByteBuffer dst = ByteBuffer.allocateDirect(4096);
        ByteBuffer payload = ByteBuffer.allocate(300);
        Runnable round = () -> {
            for (int i = 0; i < 1000; i++) {
                dst.clear();
                client.writeFrame(dst, true, 0, Frames.BINARY, payload);
                int key = client.writeHeader(dst, true, 0, Frames.TEXT, 100);
                int at = dst.position();
                dst.put(payload.array(), 0, 100);
                Masking.maskInPlace(dst, at, at + 100, key, 0);
            }
        };
        // 2000 frames draw 2000 keys: about 16 runs of the AES-CTR key stream, which allocate nothing.
        assertThat(Allocations.bytesAllocatedBy(round)).isLessThan(1024);
    }
}
