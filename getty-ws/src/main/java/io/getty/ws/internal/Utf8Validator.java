package io.getty.ws.internal;

import java.nio.ByteBuffer;

/**
 * Checks that bytes are UTF-8 (RFC 3629) as they arrive, in any split: across the pieces of a frame's
 * payload and across the frames of a fragmented text message (RFC 6455 section 8.1). Allocation-free.
 *
 * <p>The state is the number of continuation bytes a sequence still needs and the range its next byte must
 * fall in. The ranges are those of the Unicode Standard's table of well-formed byte sequences (section 3.9,
 * table 3-7), which leaves out overlong forms ({@code C0}, {@code C1}, {@code E0 80-9F}, {@code F0 80-8F}),
 * surrogates ({@code ED A0-BF}) and code points above U+10FFFF ({@code F4 90-BF}, {@code F5-FF}):
 *
 * <pre>
 *   00-7F
 *   C2-DF  80-BF
 *   E0     A0-BF  80-BF
 *   E1-EC  80-BF  80-BF
 *   ED     80-9F  80-BF
 *   EE-EF  80-BF  80-BF
 *   F0     90-BF  80-BF  80-BF
 *   F1-F3  80-BF  80-BF  80-BF
 *   F4     80-8F  80-BF  80-BF
 * </pre>
 *
 * Because each byte is checked against the narrowest range, a bad sequence is refused at its first byte
 * that cannot lead anywhere valid, which is what "fail fast" in section 8.1 asks for. Runs of ASCII are
 * checked eight bytes at a time.
 */
public final class Utf8Validator {

    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final int FAILED = -1;

    /** Continuation bytes still needed by the current sequence, or {@link #FAILED}. */
    private int needed;
    /** The range the next continuation byte must fall in. */
    private int low = 0x80;
    private int high = 0xBF;

    /** Validates the bytes between {@code buf}'s position and limit; the position is left alone. */
    public boolean validate(ByteBuffer buf) {
        return validate(buf, buf.position(), buf.limit());
    }

    /**
     * Validates {@code buf}'s bytes at indices {@code [from, to)} as the continuation of everything
     * validated since the last {@link #reset}.
     *
     * @return {@code false} as soon as the bytes so far cannot be the start of valid UTF-8; from then on
     *     every call returns {@code false} until {@link #reset}
     */
    public boolean validate(ByteBuffer buf, int from, int to) {
        int need = needed;
        if (need == FAILED) {
            return false;
        }
        int lo = low;
        int hi = high;
        int i = from;
        while (i < to) {
            if (need == 0) {
                while (i <= to - 8 && (buf.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
                int b = buf.get(i++) & 0xFF;
                if (b < 0x80) {
                    continue;
                }
                lo = 0x80;
                hi = 0xBF;
                if (b < 0xC2) {
                    need = FAILED; // a continuation byte with no lead, or an overlong C0/C1 lead
                } else if (b <= 0xDF) {
                    need = 1;
                } else if (b <= 0xEF) {
                    need = 2;
                    if (b == 0xE0) {
                        lo = 0xA0;
                    } else if (b == 0xED) {
                        hi = 0x9F;
                    }
                } else if (b <= 0xF4) {
                    need = 3;
                    if (b == 0xF0) {
                        lo = 0x90;
                    } else if (b == 0xF4) {
                        hi = 0x8F;
                    }
                } else {
                    need = FAILED;
                }
                if (need == FAILED) {
                    break;
                }
            } else {
                int b = buf.get(i++) & 0xFF;
                if (b < lo || b > hi) {
                    need = FAILED;
                    break;
                }
                need--;
                lo = 0x80;
                hi = 0xBF;
            }
        }
        needed = need;
        low = lo;
        high = hi;
        return need != FAILED;
    }

    /** Whether everything validated so far is valid and ends on a whole character: the check at message end. */
    public boolean isComplete() {
        return needed == 0;
    }

    /** Starts over, for the next message. */
    public void reset() {
        needed = 0;
        low = 0x80;
        high = 0xBF;
    }
}
