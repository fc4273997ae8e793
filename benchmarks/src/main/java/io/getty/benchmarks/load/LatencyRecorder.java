package io.getty.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * Counts verified echoes and, once the measured window has begun, records their latency. The
 * histogram is sized up front (1 ns .. 60 s at 3 significant digits, about 0.5 MiB) so recording
 * never resizes, i.e. never allocates.
 */
final class LatencyRecorder {

    static final long HIGHEST_NANOS = 60_000_000_000L;

    private final Histogram histogram = new Histogram(1, HIGHEST_NANOS, 3);
    private boolean recording;
    private long echoes;

    void echoed(long latencyNanos) {
        echoes++;
        if (recording) {
            histogram.recordValue(Math.min(Math.max(latencyNanos, 0), HIGHEST_NANOS));
        }
    }

    void startRecording() {
        recording = true;
    }

    void stopRecording() {
        recording = false;
    }

    /** Verified echoes since the start, warm-up included. */
    long echoes() {
        return echoes;
    }

    double percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMicros() {
        return histogram.getMaxValue() / 1000.0;
    }

    long recorded() {
        return histogram.getTotalCount();
    }
}
