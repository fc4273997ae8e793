package io.getty.core.internal.seam;

import java.util.Arrays;

/**
 * Which offset of a layer's output carries which offset of its input: a ring of (output end, input end)
 * pairs, one per transform, so that the bytes written to the kernel can be mapped back to the user's bytes
 * they carry. Pairs are dropped as the output they describe is consumed. Loop thread only.
 */
final class OffsetMap {
    private long[] pairs = new long[16]; // output end, input end, output end, input end, ...
    private int head;   // index of the oldest pair's output end
    private int count;  // pairs held
    private long inputDone;
    private long lastInput;

    /** Output up to {@code outputEnd} carries input up to {@code inputEnd}. Both only grow. */
    void add(long outputEnd, long inputEnd) {
        if (inputEnd <= lastInput) {
            return; // no input moved: only own bytes were added
        }
        lastInput = inputEnd;
        if (2 * count == pairs.length) {
            grow();
        }
        int at = (head + 2 * count) & (pairs.length - 1);
        pairs[at] = outputEnd;
        pairs[at + 1] = inputEnd;
        count++;
    }

    /** The input offset whose carrying output is all within the first {@code outputConsumed} bytes. */
    long inputDone(long outputConsumed) {
        while (count > 0 && pairs[head] <= outputConsumed) {
            inputDone = pairs[head + 1];
            head = (head + 2) & (pairs.length - 1);
            count--;
        }
        return inputDone;
    }

    private void grow() {
        long[] bigger = new long[pairs.length * 2];
        int n = 2 * count;
        for (int i = 0; i < n; i++) {
            bigger[i] = pairs[(head + i) & (pairs.length - 1)];
        }
        Arrays.fill(pairs, 0);
        pairs = bigger;
        head = 0;
    }
}
