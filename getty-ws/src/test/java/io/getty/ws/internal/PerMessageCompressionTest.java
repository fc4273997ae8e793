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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** {@link MessageDeflater} and {@link MessageInflater}, against RFC 7692 section 7.2.3 and each other. */
class PerMessageCompressionTest {

    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    private static byte[] compress(MessageDeflater deflater, byte[] message) {
        ByteBuffer dst = ByteBuffer.allocate(message.length + 64);
        assertThat(compress(deflater, ByteBuffer.wrap(message), dst)).isTrue();
        dst.flip();
        byte[] out = new byte[dst.remaining()];
        dst.get(out);
        return out;
    }

    /**
     * Compresses one whole message, {@code src}'s remaining bytes, into {@code dst}: true when done, false when
     * {@code dst} filled up first (empty it and call again with the same {@code src}).
     */
    private static boolean compress(MessageDeflater deflater, ByteBuffer src, ByteBuffer dst) {
        if (src.hasRemaining() && !deflater.deflate(src, dst)) {
            return false;
        }
        return deflater.finish(dst);
    }

    /** Inflates one message given as payload pieces, with a destination of {@code room} bytes that is drained when full. */
    private static byte[] inflate(MessageInflater inflater, List<byte[]> pieces, int room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(room);
        for (byte[] piece : pieces) {
            ByteBuffer src = ByteBuffer.wrap(piece);
            while (!inflater.inflate(src, dst)) {
                drain(dst, out);
            }
            assertThat(src.hasRemaining()).isFalse();
        }
        while (!inflater.finish(dst)) {
            drain(dst, out);
        }
        drain(dst, out);
        return out.toByteArray();
    }

    private static void drain(ByteBuffer dst, ByteArrayOutputStream out) {
        out.write(dst.array(), 0, dst.position());
        dst.clear();
    }

    private static List<byte[]> cut(byte[] payload, int[] cuts) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : payload.length;
            byte[] piece = new byte[to - from];
            System.arraycopy(payload, from, piece, 0, piece.length);
            pieces.add(piece);
            from = to;
        }
        return pieces;
    }

    private static void assertInflatesInEverySplit(byte[] payload, byte[] expected) {
        for (int[] cuts : Splits.of(payload.length)) {
            for (int room : new int[] {1, 3, 1024}) {
                MessageInflater inflater = new MessageInflater(false, 1 << 20);
                assertThat(inflate(inflater, cut(payload, cuts), room))
                        .as("cuts %s, room %d", Splits.describe(cuts), room).isEqualTo(expected);
                inflater.release();
            }
        }
    }

    // RFC 7692 section 7.2.3: compressing

    @Test
    void helloCompressesToTheRfcBytes() {
        MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false, 15);
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        deflater.release();
    }

    @Test
    void withContextTakeoverTheSecondHelloRefersToTheFirst() {
        MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false, 15);
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 00 11 00 00"));
        deflater.release();
    }

    @Test
    void withoutContextTakeoverEveryMessageStandsAlone() {
        MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true, 15);
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        deflater.release();
    }

    @Test
    void anEmptyMessageIsOneZeroByte() {
        MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false, 15);
        assertThat(compress(deflater, new byte[0])).isEqualTo(hex("00"));
        assertThat(compress(deflater, HELLO)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        assertThat(compress(deflater, new byte[0])).as("after a message, with context").isEqualTo(hex("00"));
        MessageInflater inflater = new MessageInflater(false, 100);
        assertThat(inflate(inflater, List.of(hex("00")), 10)).isEmpty();
        assertThat(inflate(inflater, List.of(hex("f2 48 cd c9 c9 07 00")), 10)).isEqualTo(HELLO);
        assertThat(inflate(inflater, List.of(hex("00")), 10)).isEmpty();
        assertThat(inflate(inflater, List.of(), 10)).isEmpty();
        deflater.release();
        inflater.release();
    }

    // RFC 7692 section 7.2.3: decompressing, every payload split into pieces at every place

    @Test
    void inflatesTheRfcExamples() {
        assertInflatesInEverySplit(hex("f2 48 cd c9 c9 07 00"), HELLO);                             // 7.2.3.1
        assertInflatesInEverySplit(hex("00 05 00 fa ff 48 65 6c 6c 6f 00"), HELLO);                 // 7.2.3.3
        assertInflatesInEverySplit(hex("f3 48 cd c9 c9 07 00 00"), HELLO);                          // 7.2.3.4
        assertInflatesInEverySplit(hex("f2 48 05 00 00 00 ff ff ca c9 c9 07 00"), HELLO);           // 7.2.3.5
        assertInflatesInEverySplit(hex("00"), new byte[0]);                                         // 7.2.3.6
    }

    @Test
    void inflatesTheRfcContextTakeoverExample() {
        MessageInflater inflater = new MessageInflater(false, 100);
        assertThat(inflate(inflater, List.of(hex("f2 48 cd c9 c9 07 00")), 100)).isEqualTo(HELLO);
        assertThat(inflate(inflater, List.of(hex("f2 00 11 00 00")), 100)).isEqualTo(HELLO);
        inflater.release();
    }

    @Test
    void aFinalBlockDoesNotStopLaterMessages() {
        MessageInflater inflater = new MessageInflater(false, 100);
        assertThat(inflate(inflater, List.of(hex("f3 48 cd c9 c9 07 00 00")), 100)).isEqualTo(HELLO);
        assertThat(inflate(inflater, List.of(hex("f2 48 cd c9 c9 07 00")), 100)).isEqualTo(HELLO);
        assertThat(inflate(inflater, List.of(hex("f3 48 cd c9 c9 07 00")), 100)).as("no padding byte").isEqualTo(HELLO);
        assertThat(inflate(inflater, List.of(hex("f2 48 cd c9 c9 07 00")), 100)).isEqualTo(HELLO);
        inflater.release();
    }

    @Test
    void parsesAndInflatesTheRfcFramesInEverySplit() {
        // 7.2.3.1 as one frame and as two fragments, then 7.2.3.2's second message; a client reads them.
        byte[] wire = concat(hex("c1 07 f2 48 cd c9 c9 07 00"), hex("41 03 f2 48 cd"), hex("80 04 c9 c9 07 00"),
                hex("c1 05 f2 00 11 00 00"));
        for (int[] cuts : Splits.of(wire.length)) {
            MessageInflater inflater = new MessageInflater(false, 1024);
            FrameParser parser = new FrameParser(false, Frames.RSV1, 1024);
            List<String> messages = new ArrayList<>();
            ByteBuffer message = ByteBuffer.allocate(1024);
            FrameParser.Receiver receiver = new FrameParser.Receiver() {
                boolean fin;

                @Override
                public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
                    assertThat(rsv).isEqualTo(opcode == Frames.CONTINUATION ? 0 : Frames.RSV1);
                    this.fin = fin;
                    return null;
                }

                @Override
                public void payload(ByteBuffer piece) {
                    assertThat(inflater.inflate(piece, message)).isTrue();
                }

                @Override
                public boolean frameEnd() {
                    if (fin) {
                        assertThat(inflater.finish(message)).isTrue();
                        messages.add(new String(message.array(), 0, message.position(), StandardCharsets.US_ASCII));
                        message.clear();
                    }
                    return true;
                }
            };
            Splits.feed(wire, cuts, in -> parser.parse(in, receiver));
            assertThat(messages).as("cuts %s", Splits.describe(cuts)).containsExactly("Hello", "Hello", "Hello");
            inflater.release();
        }
    }

    // Round trips

    @Test
    void roundTripsMessagesWithAndWithoutContextTakeover() {
        Random random = new Random(7692);
        for (boolean noContextTakeover : new boolean[] {false, true}) {
            MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, noContextTakeover, 15);
            MessageInflater inflater = new MessageInflater(noContextTakeover, 1 << 20);
            for (int i = 0; i < 40; i++) {
                byte[] message = message(random, random.nextInt(5000));
                byte[] compressed = compress(deflater, message);
                int n = compressed.length;
                assertThat(n >= 4 && compressed[n - 4] == 0 && compressed[n - 3] == 0 && compressed[n - 2] == -1
                        && compressed[n - 1] == -1).as("ends in the tail").isFalse();
                int[] cuts = compressed.length < 2 ? new int[0] : new int[] {random.nextInt(compressed.length - 1) + 1};
                assertThat(inflate(inflater, cut(compressed, cuts), 1 + random.nextInt(700))).isEqualTo(message);
            }
            deflater.release();
            inflater.release();
        }
    }

    @Test
    void aFragmentedMessageMayEndWithAnEmptyFragment() {
        for (boolean noContextTakeover : new boolean[] {false, true}) {
            MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, noContextTakeover, 15);
            MessageInflater inflater = new MessageInflater(noContextTakeover, 1 << 20);
            for (int i = 0; i < 3; i++) {
                ByteBuffer first = ByteBuffer.allocate(64);
                assertThat(deflater.deflate(ByteBuffer.wrap(HELLO), first)).isTrue();
                assertThat(deflater.flush(first)).isTrue();
                ByteBuffer last = ByteBuffer.allocate(64);
                assertThat(deflater.finish(last)).isTrue();
                List<byte[]> pieces = List.of(Arrays.copyOf(first.array(), first.position()),
                        Arrays.copyOf(last.array(), last.position()));
                assertThat(inflate(inflater, pieces, 64)).isEqualTo(HELLO);
                assertThat(inflate(inflater, List.of(compress(deflater, HELLO)), 64)).isEqualTo(HELLO);
            }
            deflater.release();
            inflater.release();
        }
    }

    @Test
    void compressesALongMessageIntoBoundedPieces() {
        Random random = new Random(99);
        byte[] message = message(random, 300_000);
        for (int room : new int[] {MessageDeflater.MIN_ROOM, 17, 100, 4096}) {
            MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false, 15);
            ByteBuffer src = ByteBuffer.wrap(message);
            List<byte[]> pieces = new ArrayList<>();
            ByteBuffer dst = ByteBuffer.allocate(room);
            boolean done;
            do {
                done = compress(deflater, src, dst);
                byte[] piece = new byte[dst.position()];
                dst.flip().get(piece);
                dst.clear();
                pieces.add(piece);
            } while (!done);
            assertThat(pieces.size()).isGreaterThan(1);
            assertThat(src.hasRemaining()).isFalse();
            // Each piece could leave as a frame of its own; together they inflate to the message.
            MessageInflater inflater = new MessageInflater(false, message.length);
            assertThat(inflate(inflater, pieces, 8192)).as("room %d", room).isEqualTo(message);
            // And the compressor goes on with the next message.
            assertThat(inflate(inflater, List.of(compress(deflater, HELLO)), 100)).isEqualTo(HELLO);
            deflater.release();
            inflater.release();
        }
    }

    @Test
    void aWindowBelowTheJdksGetsHuffmanCodesOnlyAndStillInflates() {
        // "abc" repeated: LZ77 shrinks it to a few dozen bytes with matches 3 bytes back and much further. With
        // no back-reference at all, every one of the 9,000 literals costs at least one bit: at least 1,125 bytes.
        byte[] message = "abc".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        for (int bits = 8; bits <= 14; bits++) {
            MessageDeflater literals = new MessageDeflater(9, false, bits);
            MessageInflater inflater = new MessageInflater(false, message.length);
            for (int i = 0; i < 2; i++) { // the second message could refer to the first: it does not
                byte[] compressed = compress(literals, message);
                assertThat(compressed.length).as("%d bits, message %d", bits, i).isGreaterThanOrEqualTo(9000 / 8);
                assertThat(inflate(inflater, List.of(compressed), 10_001)).isEqualTo(message);
            }
            literals.release();
            inflater.release();
        }
        MessageDeflater lz77 = new MessageDeflater(9, false, 15);
        assertThat(compress(lz77, message).length).as("the JDK's own window").isLessThan(100);
        lz77.release();
        assertThatThrownBy(() -> new MessageDeflater(6, false, 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageDeflater(6, false, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADestinationTooSmallToMakeProgress() {
        MessageDeflater deflater = new MessageDeflater(1, false, 15);
        assertThatThrownBy(() -> compress(deflater, ByteBuffer.wrap(HELLO), ByteBuffer.allocate(MessageDeflater.MIN_ROOM - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        deflater.release();
    }

    // Limits and bad input

    @Test
    void aZipBombIsTooBigWithoutBeingInflated() {
        byte[] zeros = new byte[1 << 20];
        MessageDeflater deflater = new MessageDeflater(9, true, 15);
        byte[] bomb = compress(deflater, zeros);
        deflater.release();
        assertThat(bomb.length).isLessThan(2048);
        int limit = 64 * 1024;
        // The caller offers a buffer as large as the whole bomb: the inflater still stops at limit + 1 bytes.
        ByteBuffer dst = ByteBuffer.allocate(zeros.length);
        MessageInflater inflater = new MessageInflater(false, limit);
        assertThatThrownBy(() -> {
            ByteBuffer src = ByteBuffer.wrap(bomb);
            inflater.inflate(src, dst);
            inflater.finish(dst);
        }).isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        assertThat(dst.position()).isLessThanOrEqualTo(limit + 1);
        inflater.release();
        // A caller that only ever holds limit + 1 bytes is never asked for more room.
        MessageInflater bounded = new MessageInflater(false, limit);
        ByteBuffer small = ByteBuffer.allocate(limit + 1);
        assertThatThrownBy(() -> bounded.inflate(ByteBuffer.wrap(bomb), small))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        bounded.release();
    }

    @Test
    void aMessageOfExactlyTheLimitPasses() {
        byte[] message = new byte[10_000];
        MessageDeflater deflater = new MessageDeflater(6, false, 15);
        MessageInflater inflater = new MessageInflater(false, message.length);
        assertThat(inflate(inflater, List.of(compress(deflater, message)), 10_001)).isEqualTo(message);
        MessageInflater tight = new MessageInflater(false, message.length - 1);
        assertThatThrownBy(() -> inflate(tight, List.of(compress(new MessageDeflater(6, true, 15), message)), 20_000))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        deflater.release();
        inflater.release();
        tight.release();
    }

    @Test
    void dataThatIsNotDeflateIs1007() {
        MessageInflater inflater = new MessageInflater(false, 1000);
        assertThatThrownBy(() -> inflate(inflater, List.of(hex("ff ff ff ff ff")), 100))
                .isInstanceOfSatisfying(WebSocketProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
        inflater.release();
    }

    @Test
    void releasedCompressorsCannotBeUsed() {
        MessageDeflater deflater = new MessageDeflater(6, false, 15);
        compress(deflater, HELLO);
        deflater.release();
        deflater.release();
        assertThatThrownBy(() -> compress(deflater, HELLO)).isInstanceOf(IllegalStateException.class);
        MessageInflater inflater = new MessageInflater(false, 10);
        inflater.release();
        assertThatThrownBy(() -> inflate(inflater, List.of(hex("00")), 10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compressingAndInflatingAllocateNothingPerMessage() {
        byte[] text = message(new Random(5), 2000);
        ByteBuffer src = ByteBuffer.wrap(text);
        ByteBuffer compressed = ByteBuffer.allocate(4096);
        ByteBuffer inflated = ByteBuffer.allocate(4096);
        MessageDeflater deflater = new MessageDeflater(6, false, 15);
        MessageInflater inflater = new MessageInflater(false, 4096);
        Runnable round = () -> {
            for (int i = 0; i < 100; i++) {
                src.clear();
                compressed.clear();
                inflated.clear();
                compress(deflater, src, compressed);
                compressed.flip();
                inflater.inflate(compressed, inflated);
                inflater.finish(inflated);
            }
        };
        assertThat(Allocations.bytesAllocatedBy(round)).isLessThan(1024);
        assertThat(inflated.position()).isEqualTo(text.length);
        deflater.release();
        inflater.release();
    }

    /** Text-like bytes (compressible) or, now and then, random ones. */
    private static byte[] message(Random random, int length) {
        byte[] out = new byte[length];
        if (random.nextInt(4) == 0) {
            random.nextBytes(out);
            return out;
        }
        String[] words = {"getty ", "frame ", "socket ", "loop ", "deflate ", "hello ", "world "};
        int at = 0;
        while (at < length) {
            byte[] word = words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(word.length, length - at);
            System.arraycopy(word, 0, out, at, n);
            at += n;
        }
        return out;
    }
}
