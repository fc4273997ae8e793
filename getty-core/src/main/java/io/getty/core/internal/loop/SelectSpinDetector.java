package io.getty.core.internal.loop;

/**
 * Recognises the JDK's empty-select spin (JDK-6427854, JDK-6527572: {@code select} returning 0 at once,
 * forever): counts selects in a row that returned before their timeout with nothing selected and no
 * wake-up asked for, and says when the selector should be rebuilt.
 */
final class SelectSpinDetector {
    /** Selects are timed in milliseconds: a return within a millisecond of the timeout is not early. */
    private static final long SLACK_NANOS = 1_000_000L;

    private final int threshold;
    private int earlyEmptySelects;

    SelectSpinDetector(int threshold) {
        this.threshold = threshold;
    }

    /**
     * Records one select.
     *
     * @param selected the keys it selected
     * @param blockedNanos how long it blocked
     * @param timeoutNanos its timeout, {@link Long#MAX_VALUE} for none
     * @param wokenUp whether a wake-up was asked for, or the thread was interrupted, while it blocked
     * @return whether the selector should be rebuilt now
     */
    boolean selectReturned(int selected, long blockedNanos, long timeoutNanos, boolean wokenUp) {
        boolean early = selected == 0 && !wokenUp && blockedNanos + SLACK_NANOS < timeoutNanos;
        if (!early) {
            earlyEmptySelects = 0;
            return false;
        }
        if (++earlyEmptySelects >= threshold) {
            earlyEmptySelects = 0;
            return true;
        }
        return false;
    }
}
