package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private static byte[] reference(byte[] data, int from, int to, int key, int phase) {
        byte[] out = data.clone();
        byte[] k = ByteBuffer.allocate(4).putInt(key).array();
        for (int i = from; i < to; i++) {
            out[i] ^= k[(phase + i - from) & 3];
        }
        return out;
    }

    @Test
    void inPlaceMatchesBytewiseMaskingForEveryLengthPhaseAndByteOrder() {
        Random random = new Random(53);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int length = 0; length <= 40; length++) {
                for (int phase = 0; phase < 4; phase++) {
                    byte[] data = new byte[length + 6];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    ByteBuffer buf = ByteBuffer.wrap(data.clone()).order(order);
                    Masking.maskInPlace(buf, 3, 3 + length, key, phase);
                    assertThat(buf.array()).as("length %d phase %d %s", length, phase, order)
                            .isEqualTo(reference(data, 3, 3 + length, key, phase));
                    assertThat(buf.position()).isZero();
                }
            }
        }
    }

    @Test
    void copyMatchesBytewiseMaskingAcrossBufferKindsAndOrders() {
        Random random = new Random(54);
        ByteOrder[] orders = {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN};
        for (ByteOrder srcOrder : orders) {
            for (ByteOrder dstOrder : orders) {
                for (int length = 0; length <= 40; length++) {
                    int phase = length & 3;
                    byte[] data = new byte[length + 5];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    ByteBuffer src = ByteBuffer.allocateDirect(data.length).order(srcOrder);
                    src.put(data).clear();
                    ByteBuffer dst = ByteBuffer.allocate(length + 9).order(dstOrder);
                    Masking.copyMasked(src, 5, dst, 2, length, key, phase);
                    byte[] expected = reference(data, 5, 5 + length, key, phase);
                    byte[] actual = new byte[length];
                    dst.get(2, actual);
                    byte[] expectedPart = new byte[length];
                    System.arraycopy(expected, 5, expectedPart, 0, length);
                    assertThat(actual).as("length %d %s→%s", length, srcOrder, dstOrder).isEqualTo(expectedPart);
                    byte[] srcAfter = new byte[data.length];
                    src.get(0, srcAfter);
                    assertThat(srcAfter).isEqualTo(data);
                }
            }
        }
    }

    @Test
    void maskingInPiecesWithTheirPhasesEqualsMaskingAtOnce() {
        byte[] data = new byte[100];
        new Random(55).nextBytes(data);
        int key = 0x37fa213d;
        ByteBuffer whole = ByteBuffer.wrap(data.clone());
        Masking.maskInPlace(whole, 0, 100, key, 0);
        ByteBuffer pieces = ByteBuffer.wrap(data.clone());
        int[] cuts = {0, 1, 7, 8, 30, 31, 64, 100};
        for (int i = 0; i + 1 < cuts.length; i++) {
            Masking.maskInPlace(pieces, cuts[i], cuts[i + 1], key, cuts[i] & 3);
        }
        assertThat(pieces.array()).isEqualTo(whole.array());
    }

    @Test
    void theRfcMaskedHelloUnmasks() {
        ByteBuffer payload = ByteBuffer.wrap(Splits.hex("7f 9f 4d 51 58"));
        Masking.maskInPlace(payload, 0, 5, 0x37fa213d, 0);
        assertThat(new String(payload.array(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Hello");
    }
}
