package io.getty.benchmarks.idle;

/** What the idle client does: how many connections, and how fast it opens them. */
public record IdleOptions(String host, int port, int connections, int connectBatch, int timeoutMillis) {

    /** Defaults for everything but the port and the number of connections. */
    public static IdleOptions of(int port, int connections) {
        return new IdleOptions("127.0.0.1", port, connections, 128, 10_000);
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the flag to change
     */
    public void validate() {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        if (port < 1 || port > 65535 || connections < 1 || connectBatch < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException("--port must be in [1, 65535]; --connections, --connect-batch and --timeout-ms positive");
        }
    }
}
