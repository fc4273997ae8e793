package io.getty.benchmarks.idle;

/** How an idle run ended: exit code 0 after a clean stop, 1 with a reason otherwise. */
public record IdleResult(int exitCode, String reason, int connected) {

    static IdleResult ok(int connected) {
        return new IdleResult(0, null, connected);
    }

    static IdleResult failed(String reason, int connected) {
        return new IdleResult(1, reason, connected);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
