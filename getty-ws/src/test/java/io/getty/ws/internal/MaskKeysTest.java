package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaskKeysTest {

    @Test
    void keysDoNotRepeatBeyondChance() {
        Set<Integer> keys = new HashSet<>();
        int bitsSet = 0;
        for (int i = 0; i < 10_000; i++) {
            int key = MaskKeys.nextKey();
            keys.add(key);
            bitsSet += Integer.bitCount(key);
        }
        // 10 000 draws of 32 bits collide about 0.01 times on average.
        assertThat(keys).hasSizeGreaterThanOrEqualTo(9_998);
        // Half of 320 000 bits, within a margin of about 10 standard deviations (283 each).
        assertThat(bitsSet).isBetween(160_000 - 3_000, 160_000 + 3_000);
    }

    @Test
    void eachThreadHasItsOwnStream() throws Exception {
        AtomicInteger other = new AtomicInteger();
        Thread thread = new Thread(() -> other.set(MaskKeys.nextKey()));
        thread.start();
        thread.join();
        Set<Integer> mine = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            mine.add(MaskKeys.nextKey());
        }
        assertThat(mine).doesNotContain(other.get());
    }
}
