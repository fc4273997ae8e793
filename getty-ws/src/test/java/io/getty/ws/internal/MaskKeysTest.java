package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
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
    void freshThreadsStartFromDifferentSeeds() throws Exception {
        // Each thread keys its stream from SecureRandom when it first needs a key: two new threads' first keys
        // would be equal if the seed were fixed or derived from something they share.
        assertThat(firstKeysOfANewThread()).isNotEqualTo(firstKeysOfANewThread());
    }

    private static int[] firstKeysOfANewThread() throws InterruptedException {
        int[] keys = new int[64];
        Thread thread = new Thread(() -> {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = MaskKeys.nextKey();
            }
        });
        thread.start();
        thread.join();
        return keys;
    }
}
