package io.getty.benchmarks.idle;

import io.getty.benchmarks.cli.Args;
import io.getty.benchmarks.cli.UsageException;

import java.util.List;

/** What the idle client does: how many connections, and how fast it opens them. */
public record IdleOptions(String host, int port, int connections, int connectBatch, int timeoutMillis) {

    static final List<String> FLAGS = List.of("host", "port", "connections", "connect-batch", "timeout-ms");

    public static final String USAGE = """
            idle --port P [--host 127.0.0.1] [--connections 1] [--connect-batch 128] [--timeout-ms 10000]
              Opens C connections in batches, proves each is served by one echoed 16-byte frame, prints
              'connected C' and holds them until stdin reaches EOF or the process is killed.
              Exit 1 if a connection fails or the server closes one.""";

    public static IdleOptions parse(String[] argv) {
        Args a = Args.parse("idle", argv, FLAGS);
        IdleOptions o = new IdleOptions(
                a.string("host", "127.0.0.1"),
                a.requiredInt("port", 1, 65535),
                a.intValue("connections", 1, 1, 1_000_000),
                a.intValue("connect-batch", 128, 1, 100_000),
                a.intValue("timeout-ms", 10_000, 10, 3_600_000));
        o.validate();
        return o;
    }

    public static IdleOptions of(int port, int connections) {
        return new IdleOptions("127.0.0.1", port, connections, 128, 10_000);
    }

    public void validate() {
        if (host == null || host.isBlank()) {
            throw new UsageException("idle: --host must not be empty");
        }
        if (port < 1 || port > 65535 || connections < 1 || connectBatch < 1 || timeoutMillis < 1) {
            throw new UsageException("idle: --port must be in [1, 65535]; --connections, --connect-batch and --timeout-ms positive");
        }
    }
}
