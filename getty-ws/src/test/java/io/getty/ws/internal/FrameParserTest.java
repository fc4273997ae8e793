package io.getty.ws.internal;

import static io.getty.ws.internal.Splits.concat;
import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class FrameParserTest {

    private static final long MAX = 1 << 20;

    /** Records every frame as one line; copies payload into a destination buffer when asked to. */
    static final class Recorder implements FrameParser.Receiver {
        final boolean intoDestination;
        final List<String> frames = new ArrayList<>();
        private String header;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        private ByteBuffer destination;
        private long length;
        int stopAfter = Integer.MAX_VALUE;

        Recorder(boolean intoDestination) {
            this.intoDestination = intoDestination;
        }

        @Override
        public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
            assertThat(header).as("frameHeader twice without frameEnd").isNull();
            header = "fin=" + fin + " rsv=" + Integer.toHexString(rsv) + " op=" + Integer.toHexString(opcode)
                    + " masked=" + masked + " len=" + payloadLength;
            length = payloadLength;
            payload.reset();
            if (!intoDestination) {
                return null;
            }
            // Room before and after the payload, to see that the parser writes exactly where it is told.
            destination = ByteBuffer.allocate((int) payloadLength + 7);
            destination.position(3);
            return destination;
        }

        @Override
        public void payload(ByteBuffer piece) {
            assertThat(header).as("payload before frameHeader").isNotNull();
            assertThat(piece.hasRemaining()).as("empty piece").isTrue();
            if (intoDestination) {
                assertThat(piece).isSameAs(destination);
            }
            byte[] bytes = new byte[piece.remaining()];
            piece.get(bytes);
            payload.writeBytes(bytes);
        }

        @Override
        public boolean frameEnd() {
            byte[] bytes = payload.toByteArray();
            assertThat((long) bytes.length).isEqualTo(length);
            if (intoDestination) {
                assertThat(destination.position()).isEqualTo(3 + bytes.length);
                byte[] copied = new byte[bytes.length];
                destination.get(3, copied);
                assertThat(copied).isEqualTo(bytes);
            }
            frames.add(header + " payload=" + show(bytes));
            header = null;
            return frames.size() < stopAfter;
        }
    }

    static String frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        return "fin=" + fin + " rsv=" + Integer.toHexString(rsv) + " op=" + Integer.toHexString(opcode)
                + " masked=" + masked + " len=" + payload.length + " payload=" + show(payload);
    }

    /** Short payloads in hex, long ones by their CRC-32, so that comparing thousands of runs stays fast. */
    static String show(byte[] payload) {
        if (payload.length <= 64) {
            return HexFormat.of().formatHex(payload);
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        return "crc32:" + Long.toHexString(crc.getValue());
    }

    /** A frame built by hand, independently of FrameWriter. */
    static byte[] wire(int firstByte, byte[] payload, Integer maskKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int maskBit = maskKey == null ? 0 : 0x80;
        if (payload.length <= 125) {
            out.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] body = payload.clone();
        if (maskKey != null) {
            byte[] key = ByteBuffer.allocate(4).putInt(maskKey).array();
            out.writeBytes(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static List<String> parse(byte[] input, int[] cuts, boolean server, int rsv, long max, boolean intoDestination) {
        FrameParser parser = new FrameParser(server, rsv, max);
        Recorder recorder = new Recorder(intoDestination);
        ByteBuffer left = Splits.feed(input, cuts, in -> parser.parse(in, recorder));
        assertThat(left.remaining()).as("unread tail").isZero();
        assertThat(parser.inFrame()).isFalse();
        return recorder.frames;
    }

    static void assertEverySplit(byte[] input, boolean server, int rsv, List<String> expected) {
        for (int[] cuts : Splits.of(input.length, 300, 30)) {
            for (boolean intoDestination : new boolean[] {false, true}) {
                assertThat(parse(input, cuts, server, rsv, MAX, intoDestination))
                        .as("cuts %s, destination %s", Splits.describe(cuts), intoDestination)
                        .isEqualTo(expected);
            }
        }
    }

    static void assertFailsEverySplit(byte[] input, boolean server, int rsv, long max, int closeCode) {
        for (int[] cuts : Splits.of(input.length, 300, 10)) {
            assertThatThrownBy(() -> parse(input, cuts, server, rsv, max, false))
                    .as("cuts %s", Splits.describe(cuts))
                    .isInstanceOfSatisfying(WebSocketProtocolException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(closeCode));
        }
    }

    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    // RFC 6455 section 5.7 examples

    @Test
    void singleFrameUnmaskedText() {
        assertEverySplit(hex("81 05 48 65 6c 6c 6f"), false, 0, List.of(frame(true, 0, 1, false, HELLO)));
    }

    @Test
    void singleFrameMaskedText() {
        assertEverySplit(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), true, 0, List.of(frame(true, 0, 1, true, HELLO)));
    }

    @Test
    void fragmentedUnmaskedText() {
        assertEverySplit(hex("01 03 48 65 6c 80 02 6c 6f"), false, 0, List.of(
                frame(false, 0, 1, false, "Hel".getBytes(StandardCharsets.US_ASCII)),
                frame(true, 0, 0, false, "lo".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void unmaskedPingAndMaskedPong() {
        assertEverySplit(hex("89 05 48 65 6c 6c 6f"), false, 0, List.of(frame(true, 0, 9, false, HELLO)));
        assertEverySplit(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), true, 0, List.of(frame(true, 0, 0xA, true, HELLO)));
    }

    @Test
    void binary256BytesWith16BitLength() {
        byte[] payload = new byte[256];
        new Random(1).nextBytes(payload);
        byte[] input = concat(hex("82 7e 01 00"), payload);
        assertThat(wire(0x82, payload, null)).isEqualTo(input);
        assertEverySplit(input, false, 0, List.of(frame(true, 0, 2, false, payload)));
    }

    @Test
    void binary64KiBWith64BitLength() {
        byte[] payload = new byte[65536];
        new Random(2).nextBytes(payload);
        byte[] input = concat(hex("82 7f 00 00 00 00 00 01 00 00"), payload);
        assertThat(wire(0x82, payload, null)).isEqualTo(input);
        assertEverySplit(input, false, 0, List.of(frame(true, 0, 2, false, payload)));
        byte[] masked = wire(0x82, payload, 0x12345678);
        assertEverySplit(masked, true, 0, List.of(frame(true, 0, 2, true, payload)));
    }

    @Test
    void emptyFramesAndControlFramesBetweenFragments() {
        byte[] input = concat(
                wire(0x01, new byte[0], 7),           // text, not final, empty
                wire(0x89, HELLO, 8),                 // ping between the fragments
                wire(0x00, "ab".getBytes(StandardCharsets.US_ASCII), 9),
                wire(0x8A, new byte[0], 10),          // empty pong
                wire(0x80, new byte[0], 11),          // final, empty continuation
                wire(0x88, hex("03e8"), -1));         // close 1000
        assertEverySplit(input, true, 0, List.of(
                frame(false, 0, 1, true, new byte[0]),
                frame(true, 0, 9, true, HELLO),
                frame(false, 0, 0, true, "ab".getBytes(StandardCharsets.US_ASCII)),
                frame(true, 0, 0xA, true, new byte[0]),
                frame(true, 0, 0, true, new byte[0]),
                frame(true, 0, 8, true, hex("03e8"))));
    }

    @Test
    void negotiatedRsv1OnTheFirstFrameOfAMessage() {
        byte[] input = concat(wire(0x41, hex("f248cd"), 1), wire(0x80, hex("c9c90700"), 2));
        assertEverySplit(input, true, Frames.RSV1, List.of(
                frame(false, Frames.RSV1, 1, true, hex("f248cd")),
                frame(true, 0, 0, true, hex("c9c90700"))));
    }

    @Test
    void stopsAfterAFrameWhenTheReceiverSaysSoAndLeavesTheRest() {
        byte[] first = wire(0x81, HELLO, 0x01020304);
        byte[] second = wire(0x82, new byte[300], 0x05060708);
        ByteBuffer in = ByteBuffer.wrap(concat(first, second));
        FrameParser parser = new FrameParser(true, 0, MAX);
        Recorder recorder = new Recorder(false);
        recorder.stopAfter = 1;
        parser.parse(in, recorder);
        assertThat(recorder.frames).containsExactly(frame(true, 0, 1, true, HELLO));
        assertThat(in.position()).isEqualTo(first.length);
        recorder.stopAfter = Integer.MAX_VALUE;
        parser.parse(in, recorder);
        assertThat(recorder.frames).hasSize(2);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void reportsWhereItIsForEndOfInput() {
        FrameParser parser = new FrameParser(false, 0, MAX);
        Recorder recorder = new Recorder(false);
        parser.parse(ByteBuffer.wrap(hex("01 03 48")), recorder);
        assertThat(parser.inFrame()).isTrue();
        assertThat(parser.inMessage()).isTrue();
        parser.parse(ByteBuffer.wrap(hex("65 6c")), recorder);
        assertThat(parser.inFrame()).isFalse();
        assertThat(parser.inMessage()).isTrue();
        parser.parse(ByteBuffer.wrap(hex("80 02 6c 6f")), recorder);
        assertThat(parser.inMessage()).isFalse();
    }

    @Test
    void headerCallbackSeesThePayloadStartInTheInput() {
        ByteBuffer in = ByteBuffer.wrap(hex("81 05 48 65 6c 6c 6f"));
        new FrameParser(false, 0, MAX).parse(in, new FrameParser.Receiver() {
            @Override
            public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
                assertThat(in.position()).isEqualTo(2);
                assertThat(in.remaining()).isEqualTo(5);
                return null;
            }

            @Override
            public void payload(ByteBuffer piece) {
                piece.position(piece.limit() - 1); // the parser sets the position itself afterwards
            }

            @Override
            public boolean frameEnd() {
                return true;
            }
        });
        assertThat(in.hasRemaining()).isFalse();
    }

    // Errors, each with its close code

    @Test
    void reservedBitsThatWereNotNegotiatedAre1002() {
        assertFailsEverySplit(wire(0xC1, HELLO, 1), true, 0, MAX, 1002);     // RSV1
        assertFailsEverySplit(wire(0xA1, HELLO, 1), true, Frames.RSV1, MAX, 1002); // RSV2
        assertFailsEverySplit(wire(0x91, HELLO, 1), true, Frames.RSV1, MAX, 1002); // RSV3
    }

    @Test
    void negotiatedRsv1OnAControlOrContinuationFrameIs1002() {
        assertFailsEverySplit(wire(0xC9, HELLO, 1), true, Frames.RSV1, MAX, 1002);
        assertFailsEverySplit(concat(wire(0x41, HELLO, 1), wire(0xC0, HELLO, 1)), true, Frames.RSV1, MAX, 1002);
    }

    @Test
    void reservedOpcodesAre1002() {
        for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            assertFailsEverySplit(wire(0x80 | opcode, new byte[0], 1), true, 0, MAX, 1002);
        }
    }

    @Test
    void fragmentedOrLongControlFramesAre1002() {
        assertFailsEverySplit(wire(0x09, HELLO, 1), true, 0, MAX, 1002);
        assertFailsEverySplit(wire(0x89, new byte[126], 1), true, 0, MAX, 1002);
        assertFailsEverySplit(wire(0x88, new byte[126], null), false, 0, MAX, 1002);
    }

    @Test
    void aLengthWithTheTopBitSetIs1002() {
        assertFailsEverySplit(hex("82 ff 80 00 00 00 00 00 00 05 01 02 03 04"), true, 0, Long.MAX_VALUE, 1002);
    }

    @Test
    void aServerRefusesUnmaskedFramesAndAClientMaskedOnes() {
        assertFailsEverySplit(hex("81 05 48 65 6c 6c 6f"), true, 0, MAX, 1002);
        assertFailsEverySplit(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), false, 0, MAX, 1002);
    }

    @Test
    void continuationWithoutAMessageAndDataInsideAMessageAre1002() {
        assertFailsEverySplit(wire(0x80, HELLO, 1), true, 0, MAX, 1002);
        assertFailsEverySplit(concat(wire(0x01, HELLO, 1), wire(0x82, HELLO, 2)), true, 0, MAX, 1002);
        assertFailsEverySplit(concat(wire(0x02, HELLO, 1), wire(0x01, HELLO, 2)), true, 0, MAX, 1002);
    }

    @Test
    void aFrameAboveTheLimitIs1009BeforeItsPayloadArrives() {
        // Only the header: the error comes from the length alone.
        assertFailsEverySplit(hex("82 fe 01 00 01 02 03 04"), true, 0, 255, 1009);
        assertFailsEverySplit(hex("82 7f 00 00 00 01 00 00 00 00"), false, 0, MAX, 1009);
        assertThat(parse(wire(0x82, new byte[255], 5), new int[0], true, 0, 255, false)).hasSize(1);
    }

    @Test
    void aFragmentedMessageAboveTheLimitIs1009() {
        byte[] input = concat(wire(0x02, new byte[100], 1), wire(0x89, new byte[100], 2),
                wire(0x00, new byte[100], 3), wire(0x80, new byte[56], 4));
        assertThat(parse(input, new int[0], true, 0, 256, false)).hasSize(4);
        assertFailsEverySplit(input, true, 0, 255, 1009);
    }

    @Test
    void aFailedParserCannotBeUsedAgain() {
        FrameParser parser = new FrameParser(true, 0, MAX);
        Recorder recorder = new Recorder(false);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(hex("83 80")), recorder))
                .isInstanceOf(WebSocketProtocolException.class);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(hex("81 80 00 00 00 00")), recorder))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDestinationWithoutRoomForThePayloadIsTheCallersBug() {
        FrameParser parser = new FrameParser(false, 0, MAX);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(hex("81 05 48 65 6c 6c 6f")), new FrameParser.Receiver() {
            @Override
            public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
                return ByteBuffer.allocate(4);
            }

            @Override
            public void payload(ByteBuffer piece) {
            }

            @Override
            public boolean frameEnd() {
                return true;
            }
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsingAllocatesNothingPerFrame() {
        byte[] frames = concat(wire(0x81, HELLO, 0x11223344), wire(0x82, new byte[300], 0x55667788),
                wire(0x89, new byte[0], 0x01010101));
        ByteBuffer in = ByteBuffer.allocateDirect(frames.length);
        ByteBuffer message = ByteBuffer.allocate(1024);
        FrameParser parser = new FrameParser(true, 0, MAX);
        FrameParser.Receiver receiver = new FrameParser.Receiver() {
            boolean toMessage;

            @Override
            public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
                toMessage = !toMessage;
                message.clear();
                return toMessage ? message : null;
            }

            @Override
            public void payload(ByteBuffer piece) {
            }

            @Override
            public boolean frameEnd() {
                return true;
            }
        };
        Runnable round = () -> {
            for (int i = 0; i < 1000; i++) {
                in.clear();
                in.put(frames).flip();
                parser.parse(in, receiver);
            }
        };
        assertThat(Allocations.bytesAllocatedBy(round)).isLessThan(1024);
    }
}
