package io.getty.ws.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Ways to cut an input into pieces, and a feeder that hands the pieces to a reader the way the seam does:
 * each piece is appended to what the reader left unread, and the reader sees that cumulation.
 */
final class Splits {

    private Splits() {
    }

    /**
     * The cut lists to try on an input of {@code length} bytes: none (all at once), one byte at a time,
     * every two-piece split (or, above {@code maxTwoPiece} bytes, those within 24 bytes of either end and a
     * few in between), and {@code randomChops} random chops from a fixed seed.
     */
    static List<int[]> of(int length, int maxTwoPiece, int randomChops) {
        List<int[]> cuts = new ArrayList<>();
        cuts.add(new int[0]);
        int[] single = new int[Math.max(0, length - 1)];
        for (int i = 0; i < single.length; i++) {
            single[i] = i + 1;
        }
        cuts.add(single);
        for (int at = 1; at < length; at++) {
            if (length <= maxTwoPiece || at < 24 || at > length - 24 || at % 4099 == 0) {
                cuts.add(new int[] {at});
            }
        }
        Random random = new Random(6455L + length);
        for (int r = 0; r < randomChops; r++) {
            List<Integer> points = new ArrayList<>();
            int at = 0;
            while (true) {
                at += 1 + random.nextInt(Math.max(1, Math.min(length, 1 + random.nextInt(64))));
                if (at >= length) {
                    break;
                }
                points.add(at);
            }
            cuts.add(points.stream().mapToInt(Integer::intValue).toArray());
        }
        return cuts;
    }

    /** All the usual cuts of an input small enough for every two-piece split. */
    static List<int[]> of(int length) {
        return of(length, Integer.MAX_VALUE, 50);
    }

    /**
     * Feeds {@code input} cut at {@code cuts} to {@code reader}: each piece is appended to the unread tail
     * of the previous calls, and the reader is called with that cumulation (position at its first unread byte).
     *
     * @return what was left unread at the end
     */
    static ByteBuffer feed(byte[] input, int[] cuts, Consumer<ByteBuffer> reader) {
        ByteBuffer cumulation = ByteBuffer.allocate(input.length);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            cumulation.put(input, from, to - from);
            cumulation.flip();
            reader.accept(cumulation);
            cumulation.compact();
            from = to;
        }
        cumulation.flip();
        return cumulation;
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("0x|[\\s,]", ""));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static String describe(int[] cuts) {
        return cuts.length > 20 ? cuts.length + " cuts" : java.util.Arrays.toString(cuts);
    }
}
