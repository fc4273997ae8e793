package io.getty.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    @Test
    void writtenPayloadVerifiesAndEveryFlippedFillerByteIsFound() {
        for (int size = Payload.MIN_SIZE; size <= 40; size++) {
            ByteBuffer buf = ByteBuffer.allocateDirect(size + 3);
            Payload.write(buf, 3, size, 7, 123_456_789_012L);
            assertThat(Payload.connection(buf, 3)).isEqualTo(7);
            assertThat(Payload.sequence(buf, 3)).isEqualTo(123_456_789_012L);
            assertThat(Payload.firstBadFillerByte(buf, 3, size, 7, 123_456_789_012L)).isEqualTo(-1);
            for (int offset = Payload.FILLER_OFFSET; offset < size; offset++) {
                byte original = buf.get(3 + offset);
                assertThat(Payload.expectedFillerByte(7, 123_456_789_012L, offset)).isEqualTo(original);
                buf.put(3 + offset, (byte) (original ^ 0x10));
                assertThat(Payload.firstBadFillerByte(buf, 3, size, 7, 123_456_789_012L)).isEqualTo(offset);
                buf.put(3 + offset, original);
            }
        }
    }

    @Test
    void fillerDependsOnConnectionAndSequence() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        Payload.write(buf, 0, 64, 1, 5);
        assertThat(Payload.firstBadFillerByte(buf, 0, 64, 1, 6)).isNotNegative();
        assertThat(Payload.firstBadFillerByte(buf, 0, 64, 2, 5)).isNotNegative();
    }
}
