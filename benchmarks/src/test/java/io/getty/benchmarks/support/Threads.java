package io.getty.benchmarks.support;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that servers and clients under test left no threads behind. */
public final class Threads {

    /** Thread-name prefixes of everything the benchmarks and the test servers start. */
    public static final List<String> OURS = List.of(
            "bare-echo-", "netty-echo-", "getty-", BrokenEchoServer.THREAD_PREFIX, "idle-");

    private Threads() {
    }

    /** Waits up to 5 s for our threads to end, then fails naming those still alive. */
    public static void assertNoneLeft() throws InterruptedException {
        List<String> alive = List.of();
        for (int i = 0; i < 100; i++) {
            alive = alive();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(alive).as("threads left running").isEmpty();
    }

    private static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> OURS.stream().anyMatch(name::startsWith))
                .collect(Collectors.toList());
    }
}
