package io.getty.examples;

import io.getty.core.EventLoopGroup;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code echo-client}: runs an {@link EchoLoad} against an echo server and prints one summary line, or
 * one line saying which connection and sequence failed and why.
 */
@Command(name = "echo-client", sortOptions = false,
        description = {"Send messages to an echo server, verify every echo, print the rate.",
                "A lost connection fails the run, unless --reconnect: then the connection is made again and every "
                        + "message not yet echoed is sent again, so each is still verified once, in order."})
final class EchoClientCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    TransportOptions transport;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", converter = HostConverter.class,
            description = "server to connect to (default: ${DEFAULT-VALUE})")
    InetAddress host;

    @Option(names = "--port", paramLabel = "N", required = true, converter = Bounded.ServerPort.class,
            description = "the server's port, 1-65535")
    int port;

    @Option(names = "--threads", paramLabel = "N", converter = Bounded.Threads.class,
            description = "event loop threads, 1-256 (default: the smaller of --connections and the number of "
                    + "processors)")
    Integer threads;

    @Option(names = "--insecure", description = "with --tls: do not verify the server's certificate (as curl's "
            + "--insecure), for a server whose certificate the client cannot check; says so on stderr")
    boolean insecure;

    @Option(names = "--reconnect", paramLabel = "INTERVAL", arity = "0..1", fallbackValue = "300ms",
            converter = Interval.class,
            description = "tcp: when a connection is lost (or cannot be made yet), connect again after INTERVAL "
                    + "(300ms if not given; 1ms-1h, e.g. 50ms or 2s), doubling with each failure in a row up to "
                    + "5 s, until --timeout-seconds; then send again every message not yet echoed. Without it, a "
                    + "lost connection fails the run")
    Duration reconnect;

    @Mixin
    EchoLoadOptions load = new EchoLoadOptions(10_000, 60);

    /** The threads asked for, or one per connection up to the number of processors. */
    int threads() {
        return threads != null ? threads : Math.min(load.connections, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Integer call() throws InterruptedException {
        Transport chosen = transport.chosen(spec, insecure, reconnect);
        EchoLoad.Settings settings = chosen.fit(load.settings());
        chosen.cannotRun(settings).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), why);
        });
        if (insecure) {
            spec.commandLine().getErr().println(spec.name() + ": " + ExampleTls.INSECURE_WARNING);
            spec.commandLine().getErr().flush();
        }
        EchoLoad.Result result;
        EventLoopGroup group = EventLoopGroup.create(threads());
        try {
            result = EchoLoad.run(chosen, new InetSocketAddress(host, port), group, settings);
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(5));
        }
        if (!result.succeeded()) {
            spec.commandLine().getErr().println(spec.name() + ": FAILED: " + result.failure());
            return Main.FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%s: %s of %s over %s (window %d), every echo verified%s, in %.3f s: "
                        + "%,.0f messages/s, %.1f MiB/s each way",
                spec.name(), Counts.of(settings.totalMessages(), "message"), Counts.of(settings.size(), "byte"),
                Counts.of(settings.connections(), chosen.label() + " connection"), settings.effectiveWindow(),
                lossClause(chosen, result), result.seconds(), result.messagesPerSecond(), result.mibPerSecond()));
        return Main.OK;
    }

    /**
     * What a lossy transport lost, and what it may: {@code , 3 lost (tolerance 1%)}; how often a reconnecting one
     * connected again: {@code , 2 reconnections}; nothing for the others.
     */
    static String lossClause(Transport transport, EchoLoad.Result result) {
        if (transport.reconnects()) {
            return ", " + Counts.of(result.reconnections(), "reconnection");
        }
        return transport.lossy() ? ", " + String.format(Locale.ROOT, "%,d", result.lost()) + " lost (tolerance "
                + EchoLoad.percentText(result.settings().lossTolerance()) + "%)" : "";
    }
}
