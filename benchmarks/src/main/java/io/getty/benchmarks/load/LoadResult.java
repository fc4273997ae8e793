package io.getty.benchmarks.load;

import java.util.Locale;

/**
 * The outcome of one load run: the exit code, the failure (if any) and the measured figures.
 * Figures are zero when the run failed. {@code lost} counts the datagrams of the measured window that never
 * came back (UDP; always 0 over TCP, where a lost frame fails the run).
 */
public record LoadResult(
        int exitCode,
        Failure failure,
        long messages,
        double seconds,
        double p50Micros,
        double p99Micros,
        double p999Micros,
        double maxMicros,
        long clientCpuNanos,
        long clientAllocatedBytes,
        LoadOptions options,
        long lost) {

    public static final int OK = 0;
    public static final int FAILED = 1;

    static LoadResult failed(Failure failure, LoadOptions options) {
        return new LoadResult(FAILED, failure, 0, 0, 0, 0, 0, 0, -1, -1, options, 0);
    }

    public boolean ok() {
        return exitCode == OK;
    }

    /** The failure's one-line reason, or null for a good run. */
    public String reason() {
        return failure == null ? null : failure.reason();
    }

    public double messagesPerSecond() {
        return seconds > 0 ? messages / seconds : 0;
    }

    /** Process CPU time of the load generator per verified message; -1 if unknown. */
    public double clientCpuNanosPerMessage() {
        return clientCpuNanos < 0 || messages == 0 ? -1 : (double) clientCpuNanos / messages;
    }

    /**
     * One machine-parseable line: space-separated key=value pairs after the word RESULT. run.sh
     * reads it; keep existing keys stable and add new ones at the end.
     */
    public String summaryLine() {
        return String.format(Locale.ROOT,
                "RESULT msgs_per_sec=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f client_cpu_ns_per_msg=%.0f"
                        + " messages=%d seconds=%.3f max_us=%.1f connections=%d depth=%d size=%d client_alloc_bytes=%d"
                        + " lost=%d",
                messagesPerSecond(), p50Micros, p99Micros, p999Micros, clientCpuNanosPerMessage(),
                messages, seconds, maxMicros, options.connections(), options.depth(), options.size(),
                clientAllocatedBytes, lost);
    }
}
