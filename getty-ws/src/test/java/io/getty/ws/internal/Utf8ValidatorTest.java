package io.getty.ws.internal;

import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    /** Validates {@code input} cut at {@code cuts}; null when valid and complete, else where it failed. */
    private static String check(byte[] input, int[] cuts) {
        Utf8Validator validator = new Utf8Validator();
        ByteBuffer buf = ByteBuffer.wrap(input);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (!validator.validate(buf, from, to)) {
                return "invalid in [" + from + ", " + to + ")";
            }
            from = to;
        }
        return validator.isComplete() ? null : "incomplete";
    }

    private static void assertValidEverySplit(byte[] input) {
        for (int[] cuts : Splits.of(input.length)) {
            assertThat(check(input, cuts)).as("%s cut at %s", java.util.HexFormat.of().formatHex(input),
                    Splits.describe(cuts)).isNull();
        }
    }

    private static void assertInvalidEverySplit(byte[] input) {
        for (int[] cuts : Splits.of(input.length)) {
            assertThat(check(input, cuts)).as("%s cut at %s", java.util.HexFormat.of().formatHex(input),
                    Splits.describe(cuts)).isNotNull();
        }
    }

    @Test
    void validSequencesPassInEverySplit() {
        assertValidEverySplit(new byte[0]);
        assertValidEverySplit("Hello-µ@ßöäüàá-UTF-8!!".getBytes(StandardCharsets.UTF_8));
        assertValidEverySplit("κόσμε".getBytes(StandardCharsets.UTF_8));
        assertValidEverySplit(hex("cebae1bdb9cf83cebcceb5")); // Autobahn 6.2
        assertValidEverySplit(hex("00 7f c2 80 df bf e0 a0 80 ef bf bf f0 90 80 80 f4 8f bf bf"));
        assertValidEverySplit(hex("ed 9f bf ee 80 80 ef bf bd f4 8f bf be")); // around the surrogates
        assertValidEverySplit("A long ASCII run of more than eight bytes, then 😀 and more ASCII after it"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidSequencesFailInEverySplit() {
        String[] invalid = {
            "80", "bf", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf", // overlongs
            "ed a0 80", "ed bf bf", "ed a0 80 ed b0 80",                                         // surrogates
            "f4 90 80 80", "f5 80 80 80", "f7 bf bf bf", "f8 88 80 80 80", "fc 84 80 80 80 80",   // > U+10FFFF
            "fe", "ff", "c2 41", "e1 80 41", "f1 80 80 41",                                      // bad continuations
            "cebae1bdb9cf83cebcceb5eda080656469746564",                                         // Autobahn 6.3
            "41 42 43 44 45 46 47 48 ff 49",
        };
        for (String hex : invalid) {
            assertInvalidEverySplit(hex(hex));
        }
    }

    @Test
    void aTruncatedSequenceIsValidSoFarButNotComplete() {
        for (String hex : new String[] {"c2", "e0 a0", "f0 90 80", "41 f4 8f bf"}) {
            Utf8Validator validator = new Utf8Validator();
            assertThat(validator.validate(ByteBuffer.wrap(hex(hex)))).isTrue();
            assertThat(validator.isComplete()).as(hex).isFalse();
        }
    }

    @Test
    void failsAtTheFirstByteThatCannotLeadAnywhere() {
        // Fail fast (RFC 6455 section 8.1): F4 90 is already hopeless, whatever follows.
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.validate(ByteBuffer.wrap(hex("41 f4")))).isTrue();
        assertThat(validator.validate(ByteBuffer.wrap(hex("90")))).isFalse();
        assertThat(validator.validate(ByteBuffer.wrap(hex("41")))).as("sticky").isFalse();
        validator.reset();
        assertThat(validator.validate(ByteBuffer.wrap(hex("41")))).isTrue();
        assertThat(validator.isComplete()).isTrue();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() throws Exception {
        Random random = new Random(3629);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String alphabet = "aé€😀";
        for (int round = 0; round < 20_000; round++) {
            byte[] input;
            if (random.nextBoolean()) {
                input = new byte[random.nextInt(12)];
                random.nextBytes(input);
            } else { // mostly valid text with a byte flipped now and then
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(8); i > 0; i--) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(4))));
                }
                input = text.toString().getBytes(StandardCharsets.UTF_8);
                if (input.length > 0 && random.nextInt(3) == 0) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            boolean jdk;
            try {
                CharBuffer ignored = decoder.decode(ByteBuffer.wrap(input));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            int cut = input.length == 0 ? 0 : random.nextInt(input.length + 1);
            assertThat(check(input, new int[] {cut}) == null).as(java.util.HexFormat.of().formatHex(input)).isEqualTo(jdk);
        }
    }

    @Test
    void everyCodePointEncodedByTheJdkIsValid() {
        Utf8Validator validator = new Utf8Validator();
        ByteBuffer buf = ByteBuffer.allocate(4);
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            buf.clear();
            buf.put(bytes).flip();
            validator.reset();
            if (!validator.validate(buf) || !validator.isComplete()) {
                throw new AssertionError("U+" + Integer.toHexString(cp));
            }
        }
    }

    @Test
    void validatesOnlyTheRangeGivenAndLeavesThePositionAlone() {
        ByteBuffer buf = ByteBuffer.wrap(hex("ff 41 42 ff"));
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.validate(buf, 1, 3)).isTrue();
        assertThat(buf.position()).isZero();
    }
}
