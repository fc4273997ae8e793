package io.getty.benchmarks.load;

import io.getty.benchmarks.cli.Bounded;
import io.getty.benchmarks.cli.HelpOption;
import io.getty.benchmarks.cli.WireOptions;
import io.getty.benchmarks.net.Wire;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code load}: runs the {@link LoadGenerator} against an echo server, prints {@code MEASURE_START} and
 * {@code MEASURE_END} at the measured window's edges (run.sh samples the server's CPU on them), then one
 * {@code RESULT} line, or {@code FAILED reason} on stderr.
 */
@Command(name = "load", sortOptions = false,
        description = {
                "Closed-loop echo load: DEPTH frames of SIZE payload bytes in flight on each connection.",
                "With --tls or --compression deflate: the same frames over TLS or DEFLATE, each echo verified.",
                "With --transport udp: DEPTH datagrams of SIZE bytes in flight on each connected UDP socket; a "
                        + "datagram not back within --loss-ms is counted lost (lost= in the RESULT line) and replaced.",
                "Prints MEASURE_START and MEASURE_END at the measured window's edges, then one RESULT line.",
                "Exit 0 ok; 1 on a wrong, lost or out-of-order echo, a stall or a lost connection; 2 on bad "
                        + "flags."})
public final class LoadCommand implements Callable<Integer> {
    private static final LoadOptions DEFAULTS = LoadOptions.defaults(0);

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--port", paramLabel = "P", required = true, converter = Bounded.Port.class,
            description = "the echo server's port, 1-65535")
    int port;

    /** What the load speaks: length-field frames over TCP connections, or datagrams over UDP sockets. */
    public enum Transport {
        /** Length-field frames over TCP. */
        tcp,
        /** One datagram per message, over connected UDP sockets. */
        udp
    }

    @Option(names = "--transport", paramLabel = "T",
            description = "tcp (frames) or udp (datagrams) (default: ${DEFAULT-VALUE})")
    Transport transport = Transport.tcp;

    @Mixin
    WireOptions wireOptions;

    @Option(names = "--loss-ms", paramLabel = "MS", converter = LossMillis.class,
            description = "udp: count a datagram lost when it is not back within MS ms, 1-60000 "
                    + "(default: ${DEFAULT-VALUE})")
    int lossMillis = 200;

    @Option(names = "--host", paramLabel = "H", description = "the echo server (default: ${DEFAULT-VALUE})")
    String host = DEFAULTS.host();

    @Option(names = "--connections", paramLabel = "C", converter = Connections.class,
            description = "connections, 1-100000 (default: ${DEFAULT-VALUE})")
    int connections = DEFAULTS.connections();

    @Option(names = "--depth", paramLabel = "D", converter = Depth.class,
            description = "frames in flight per connection, 1-65536 (default: ${DEFAULT-VALUE})")
    int depth = DEFAULTS.depth();

    @Option(names = "--size", paramLabel = "S", converter = Size.class,
            description = "payload bytes per message, " + Payload.MIN_SIZE + "-" + (LoadOptions.MAX_FRAME - 4)
                    + "; over tcp a 4-byte length is added, with --websocket a WebSocket header, over udp nothing "
                    + "(default: ${DEFAULT-VALUE})")
    int size = DEFAULTS.size();

    @Option(names = "--warmup", paramLabel = "W", converter = WarmupSeconds.class,
            description = "warm-up seconds, echoes verified but not measured, 0-3600 (default: ${DEFAULT-VALUE})")
    double warmupSeconds = DEFAULTS.warmupSeconds();

    @Option(names = "--seconds", paramLabel = "T", converter = MeasuredSeconds.class,
            description = "measured seconds, 0.1-86400 (default: ${DEFAULT-VALUE})")
    double seconds = DEFAULTS.seconds();

    @Option(names = "--stall-ms", paramLabel = "MS", converter = StallMillis.class,
            description = "fail when frames are in flight and no echo came for MS ms, 10-3600000 "
                    + "(default: ${DEFAULT-VALUE})")
    int stallMillis = DEFAULTS.stallMillis();

    @Option(names = "--connect-batch", paramLabel = "N", converter = Bounded.ConnectBatch.class,
            description = "connections opened at once, each batch complete before the next, 1-100000 "
                    + "(default: ${DEFAULT-VALUE})")
    int connectBatch = DEFAULTS.connectBatch();

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", converter = ConnectTimeoutMillis.class,
            description = "time for one batch to connect, 10-600000 (default: ${DEFAULT-VALUE})")
    int connectTimeoutMillis = DEFAULTS.connectTimeoutMillis();

    @Option(names = "--websocket", paramLabel = "PATH",
            description = "speak WebSocket to PATH (e.g. /echo): one binary message per frame, masked as a client's "
                    + "must be (default: 4-byte length-prefixed frames)")
    String webSocketPath;

    /** The run these flags describe, not yet checked as a whole ({@link LoadOptions#validate()}). */
    public LoadOptions options() {
        return new LoadOptions(host, port, connections, depth, size, warmupSeconds, seconds, stallMillis,
                connectBatch, connectTimeoutMillis, webSocketPath);
    }

    @Override
    public Integer call() {
        LoadOptions options = options();
        try {
            options.validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (transport == Transport.udp && options.size() > DatagramLoadGenerator.MAX_DATAGRAM) {
            throw new ParameterException(spec.commandLine(), "--size must be at most "
                    + DatagramLoadGenerator.MAX_DATAGRAM + " over UDP (one datagram per message)");
        }
        Wire wire = wireOptions.wire(spec);
        if (wire != Wire.PLAIN && transport == Transport.udp) {
            throw new ParameterException(spec.commandLine(), "--tls and --compression work with --transport tcp only");
        }
        if (options.webSocket() && transport == Transport.udp) {
            throw new ParameterException(spec.commandLine(), "--websocket works with --transport tcp only");
        }
        if (options.webSocket() && wire != Wire.PLAIN) {
            // The upgrade request goes out on the bare socket before a TLS or DEFLATE pipe exists.
            throw new ParameterException(spec.commandLine(),
                    "--websocket is not measured with --tls or --compression deflate; give one");
        }
        long pipeBytes = Pipe.bufferBytes(wire, options) * options.connections();
        if (pipeBytes > LoadOptions.MAX_BUFFER_BYTES / 2) {
            throw new ParameterException(spec.commandLine(), "--connections " + options.connections() + " over "
                    + wire.name().toLowerCase(java.util.Locale.ROOT) + " needs " + (pipeBytes >> 20)
                    + " MiB of buffers for it, more than " + (LoadOptions.MAX_BUFFER_BYTES >> 21) + " MiB");
        }
        PrintWriter out = spec.commandLine().getOut();
        LoadGenerator.WindowListener edges = new LoadGenerator.WindowListener() {
            @Override
            public void measureStarted() {
                out.println("MEASURE_START");
                out.flush();
            }

            @Override
            public void measureEnded() {
                out.println("MEASURE_END");
                out.flush();
            }
        };
        LoadResult result = transport == Transport.udp
                ? new DatagramLoadGenerator(edges, lossMillis).run(options)
                : new LoadGenerator(edges, wire).run(options);
        if (result.ok()) {
            out.println(result.summaryLine());
            out.flush();
        } else {
            spec.commandLine().getErr().println("FAILED " + result.reason());
            spec.commandLine().getErr().flush();
        }
        return result.exitCode();
    }

    static final class Connections extends Bounded.Whole {
        Connections() {
            super(1, 100_000);
        }
    }

    static final class Depth extends Bounded.Whole {
        Depth() {
            super(1, 1 << 16);
        }
    }

    static final class Size extends Bounded.Whole {
        Size() {
            super(Payload.MIN_SIZE, LoadOptions.MAX_FRAME - 4,
                    "a payload carries a connection id and a sequence number; frames are at most 1 MiB");
        }
    }

    static final class WarmupSeconds extends Bounded.Decimal {
        WarmupSeconds() {
            super(0, 3600);
        }
    }

    static final class MeasuredSeconds extends Bounded.Decimal {
        MeasuredSeconds() {
            super(0.1, 86_400);
        }
    }

    static final class StallMillis extends Bounded.Whole {
        StallMillis() {
            super(10, 3_600_000);
        }
    }

    static final class LossMillis extends Bounded.Whole {
        LossMillis() {
            super(1, 60_000);
        }
    }

    static final class ConnectTimeoutMillis extends Bounded.Whole {
        ConnectTimeoutMillis() {
            super(10, 600_000);
        }
    }
}
