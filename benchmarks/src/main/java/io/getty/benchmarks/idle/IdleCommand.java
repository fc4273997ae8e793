package io.getty.benchmarks.idle;

import io.getty.benchmarks.cli.Bounded;
import io.getty.benchmarks.cli.HelpOption;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code idle}: runs the {@link IdleClient}, prints {@code connected C} once every connection is served,
 * and holds them until stdin ends; {@code FAILED reason} on stderr if it cannot.
 */
@Command(name = "idle", sortOptions = false,
        description = {
                "Opens and holds C connections, for a server's memory per idle session.",
                "Opens them in batches, proves each is served by one echoed 16-byte frame, prints 'connected C' "
                        + "and holds them until stdin reaches EOF or the process is killed.",
                "Exit 0 after EOF; 1 if a connection fails or the server closes one; 2 on bad flags."})
public final class IdleCommand implements Callable<Integer> {
    private static final IdleOptions DEFAULTS = IdleOptions.of(1, 1);

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--port", paramLabel = "P", required = true, converter = Bounded.Port.class,
            description = "the echo server's port, 1-65535")
    int port;

    @Option(names = "--host", paramLabel = "H", description = "the echo server (default: ${DEFAULT-VALUE})")
    String host = DEFAULTS.host();

    @Option(names = "--connections", paramLabel = "C", converter = Connections.class,
            description = "connections to open and hold, 1-1000000 (default: ${DEFAULT-VALUE})")
    int connections = DEFAULTS.connections();

    @Option(names = "--connect-batch", paramLabel = "N", converter = Bounded.ConnectBatch.class,
            description = "connections opened at once, each batch served before the next, 1-100000 "
                    + "(default: ${DEFAULT-VALUE})")
    int connectBatch = DEFAULTS.connectBatch();

    @Option(names = "--timeout-ms", paramLabel = "MS", converter = TimeoutMillis.class,
            description = "time for one batch to connect and be served, 10-3600000 (default: ${DEFAULT-VALUE})")
    int timeoutMillis = DEFAULTS.timeoutMillis();

    /** What these flags ask for. */
    public IdleOptions options() {
        return new IdleOptions(host, port, connections, connectBatch, timeoutMillis);
    }

    @Override
    public Integer call() {
        IdleClient client;
        try {
            client = new IdleClient(options());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Thread stdinWatcher = new Thread(() -> {
            awaitEof(System.in);
            client.stop();
        }, "idle-stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        PrintWriter out = spec.commandLine().getOut();
        IdleResult result = client.run(count -> {
            out.println("connected " + count);
            out.flush();
        });
        if (!result.ok()) {
            spec.commandLine().getErr().println("FAILED " + result.reason());
            spec.commandLine().getErr().flush();
        }
        return result.exitCode();
    }

    private static void awaitEof(InputStream in) {
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken stdin counts as its end.
        }
    }

    static final class Connections extends Bounded.Whole {
        Connections() {
            super(1, 1_000_000);
        }
    }

    static final class TimeoutMillis extends Bounded.Whole {
        TimeoutMillis() {
            super(10, 3_600_000);
        }
    }
}
