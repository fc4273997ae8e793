package io.getty.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SelectSpinDetectorTest {
    private static final long MS = 1_000_000L;
    private static final long FOREVER = Long.MAX_VALUE;

    @Test
    void rebuildsAfterThresholdEarlyEmptySelectsInARow() {
        SelectSpinDetector detector = new SelectSpinDetector(5);
        for (int i = 0; i < 4; i++) {
            assertThat(detector.selectReturned(0, 0, 100 * MS, false)).as("early empty select %d", i + 1).isFalse();
        }
        assertThat(detector.selectReturned(0, 0, 100 * MS, false)).as("the 5th in a row").isTrue();
        // The count starts again after a rebuild.
        for (int i = 0; i < 4; i++) {
            assertThat(detector.selectReturned(0, 10, FOREVER, false)).isFalse();
        }
        assertThat(detector.selectReturned(0, 10, FOREVER, false)).isTrue();
    }

    @Test
    void anySelectThatIsNotAnEarlyEmptyOneResetsTheCount() {
        SelectSpinDetector detector = new SelectSpinDetector(3);
        detector.selectReturned(0, 0, 100 * MS, false);
        detector.selectReturned(0, 0, 100 * MS, false);
        assertThat(detector.selectReturned(1, 0, 100 * MS, false)).as("a key was selected").isFalse();
        detector.selectReturned(0, 0, 100 * MS, false);
        detector.selectReturned(0, 0, 100 * MS, false);
        assertThat(detector.selectReturned(0, 0, 100 * MS, true)).as("a wake-up was asked for").isFalse();
        detector.selectReturned(0, 0, 100 * MS, false);
        detector.selectReturned(0, 0, 100 * MS, false);
        assertThat(detector.selectReturned(0, 100 * MS, 100 * MS, false)).as("it timed out").isFalse();
        detector.selectReturned(0, 0, 100 * MS, false);
        detector.selectReturned(0, 0, 100 * MS, false);
        assertThat(detector.selectReturned(0, 99 * MS + MS / 2, 100 * MS, false))
                .as("within the millisecond rounding of its timeout: not early").isFalse();
        detector.selectReturned(0, 0, 100 * MS, false);
        detector.selectReturned(0, 0, 100 * MS, false);
        assertThat(detector.selectReturned(0, 50 * MS, 100 * MS, false)).as("half way: early, the third").isTrue();
    }

    @Test
    void aThresholdOfOneRebuildsAtTheFirstEarlyEmptySelect() {
        SelectSpinDetector detector = new SelectSpinDetector(1);
        assertThat(detector.selectReturned(0, 0, 5 * MS, false)).isTrue();
        assertThat(detector.selectReturned(0, 5 * MS, 5 * MS, false)).isFalse();
    }
}
