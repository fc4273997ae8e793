package io.getty.ws.internal;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Assumptions;

/**
 * Bytes allocated by the current thread, through HotSpot's {@code com.sun.management.ThreadMXBean}, reached
 * by reflection so that the module under test need not read {@code java.management}.
 */
final class Allocations {

    private Allocations() {
    }

    /**
     * Runs {@code work} a few times to let the JIT settle, then once more, and returns the bytes that last
     * run allocated. Skips the test where the JVM cannot count.
     */
    static long bytesAllocatedBy(Runnable work) {
        Object threads;
        Method allocated;
        try {
            threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            Assumptions.assumeTrue(hotspot.isInstance(threads), "no per-thread allocation counter");
            allocated = hotspot.getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            Assumptions.abort("no per-thread allocation counter: " + e);
            return 0;
        }
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20; i++) {
            work.run();
        }
        try {
            long before = (long) allocated.invoke(threads, id);
            work.run();
            long after = (long) allocated.invoke(threads, id);
            return after - before;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
