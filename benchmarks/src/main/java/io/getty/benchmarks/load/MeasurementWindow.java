package io.getty.benchmarks.load;

/**
 * The measured window of a run: samples echo count, process CPU and the loop thread's allocation
 * at both edges and turns the differences into a {@link LoadResult}.
 */
final class MeasurementWindow {

    private final LatencyRecorder recorder;
    private long startNanos;
    private long echoesAtStart;
    private long cpuAtStart;
    private long allocatedAtStart;

    MeasurementWindow(LatencyRecorder recorder) {
        this.recorder = recorder;
        // Initialise the meters now, so their one-off set-up is not counted in the window.
        ProcessMeters.processCpuNanos();
        ProcessMeters.currentThreadAllocatedBytes();
    }

    /** Opens the window; returns its start time. */
    long open() {
        recorder.startRecording();
        startNanos = System.nanoTime();
        echoesAtStart = recorder.echoes();
        cpuAtStart = ProcessMeters.processCpuNanos();
        allocatedAtStart = ProcessMeters.currentThreadAllocatedBytes();
        return startNanos;
    }

    /**
     * Closes the window: allocation first, so sampling the rest is not counted in it. {@code lost}: datagrams
     * of the window that never came back.
     */
    LoadResult close(LoadOptions options, long lost) {
        long allocated = ProcessMeters.currentThreadAllocatedBytes();
        long cpu = ProcessMeters.processCpuNanos();
        long endNanos = System.nanoTime();
        long messages = recorder.echoes() - echoesAtStart;
        recorder.stopRecording();
        return new LoadResult(LoadResult.OK, null, messages, (endNanos - startNanos) / 1e9,
                recorder.percentileMicros(50), recorder.percentileMicros(99), recorder.percentileMicros(99.9),
                recorder.maxMicros(),
                cpu < 0 || cpuAtStart < 0 ? -1 : cpu - cpuAtStart,
                allocated < 0 || allocatedAtStart < 0 ? -1 : allocated - allocatedAtStart,
                options, lost);
    }
}
