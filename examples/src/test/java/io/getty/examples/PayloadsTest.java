package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void anUntouchedPayloadVerifies() {
        for (int size : new int[] {1, 5, 11, 12, 13, 256, 70_000}) {
            Payloads payloads = new Payloads(size);
            ByteBuffer buf = payloads.newBuffer();
            for (long seq = 0; seq < 50; seq++) {
                payloads.fill(buf, 3, seq);
                assertThat(buf.remaining()).isEqualTo(size);
                assertThat(payloads.verify(buf, 3, seq)).as("size %d seq %d", size, seq).isEmpty();
                assertThat(buf.position()).isZero();
            }
        }
    }

    @Test
    void verifiesAnEchoThatStartsInsideALargerBuffer() {
        Payloads payloads = new Payloads(100);
        ByteBuffer one = payloads.newBuffer();
        payloads.fill(one, 0, 9);
        ByteBuffer received = ByteBuffer.allocateDirect(200);
        received.position(37);
        received.put(one).flip().position(37);
        assertThat(payloads.verify(received, 0, 9)).isEmpty();
    }

    @Test
    void detectsAFlippedByteAnywhere() {
        Payloads payloads = new Payloads(256);
        ByteBuffer buf = payloads.newBuffer();
        for (int i = 0; i < 256; i++) {
            payloads.fill(buf, 1, 42);
            buf.put(i, (byte) (buf.get(i) ^ 0x01));
            assertThat(payloads.verify(buf, 1, 42)).as("byte %d flipped", i).isPresent();
        }
        payloads.fill(buf, 1, 42);
        byte original = buf.get(100);
        buf.put(100, (byte) ~original);
        assertThat(payloads.verify(buf, 1, 42)).hasValue(String.format("byte 100 is 0x%02x, expected 0x%02x",
                ~original & 0xff, original & 0xff));
    }

    @Test
    void detectsAFlippedByteInATinyPayload() {
        Payloads payloads = new Payloads(3);
        ByteBuffer buf = payloads.newBuffer();
        payloads.fill(buf, 0x010203, 0);
        buf.put(2, (byte) 0x07);
        assertThat(payloads.verify(buf, 0x010203, 0)).hasValue("byte 2 is 0x07, expected 0x02");
    }

    @Test
    void detectsAWrongLength() {
        Payloads payloads = new Payloads(64);
        ByteBuffer buf = payloads.newBuffer();
        payloads.fill(buf, 0, 0);
        buf.limit(63);
        assertThat(payloads.verify(buf, 0, 0)).hasValue("the echo has 63 bytes, expected 64");
        ByteBuffer longer = ByteBuffer.allocate(65);
        payloads.fill(buf, 0, 0);
        longer.put(buf).put((byte) 0).flip();
        assertThat(payloads.verify(longer, 0, 0)).hasValue("the echo has 65 bytes, expected 64");
    }

    @Test
    void detectsAWrongSequenceOrConnection() {
        Payloads payloads = new Payloads(32);
        ByteBuffer buf = payloads.newBuffer();
        payloads.fill(buf, 2, 7);
        assertThat(payloads.verify(buf, 2, 8)).hasValue("the echo carries connection 2, sequence 7");
        assertThat(payloads.verify(buf, 5, 7)).hasValue("the echo carries connection 2, sequence 7");
    }

    @Test
    void neighbouringMessagesDifferBeyondTheirHeaders() {
        Payloads payloads = new Payloads(64);
        ByteBuffer a = payloads.newBuffer();
        ByteBuffer b = payloads.newBuffer();
        int same = 0;
        for (long seq = 0; seq < 100; seq++) {
            payloads.fill(a, 0, seq);
            payloads.fill(b, 0, seq + 1);
            if (a.slice(Payloads.HEADER, 52).equals(b.slice(Payloads.HEADER, 52))) {
                same++;
            }
        }
        assertThat(same).isLessThan(5);
    }
}
