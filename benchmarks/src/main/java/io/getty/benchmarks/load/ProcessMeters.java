package io.getty.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The load generator's own costs: process CPU time (all JVM threads, so JIT and GC count too) and
 * bytes allocated by the calling thread (to show that the message loop allocates nothing).
 */
final class ProcessMeters {

    private static final com.sun.management.OperatingSystemMXBean OS = osBean();
    private static final com.sun.management.ThreadMXBean THREADS = threadBean();
    /** USER_HZ; 100 on every mainstream Linux build, and Java has no sysconf. Only used as a fallback. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessMeters() {
    }

    /** CPU time of this process in nanoseconds, or -1 when neither source is available. */
    static long processCpuNanos() {
        if (OS != null) {
            long t = OS.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return procSelfStatCpuNanos();
    }

    /** Bytes the current thread has allocated so far, or -1 if the JVM does not tell. */
    static long currentThreadAllocatedBytes() {
        if (THREADS == null || !THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** utime + stime (fields 14 and 15) of /proc/self/stat. */
    private static long procSelfStatCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may contain spaces; fields after it start past the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b ? b : null;
    }
}
