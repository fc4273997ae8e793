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
        description = "Send messages to an echo server, verify every echo, print the rate.")
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

    @Mixin
    EchoLoadOptions load = new EchoLoadOptions(10_000, 60);

    /** The threads asked for, or one per connection up to the number of processors. */
    int threads() {
        return threads != null ? threads : Math.min(load.connections, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Integer call() throws InterruptedException {
        Transport chosen = transport.transport;
        EchoLoad.Settings settings = chosen.fit(load.settings());
        chosen.cannotRun(settings).ifPresent(why -> {
            throw new ParameterException(spec.commandLine(), why);
        });
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
                Counts.of(settings.connections(), chosen.name() + " connection"), settings.effectiveWindow(),
                lossClause(chosen, result), result.seconds(), result.messagesPerSecond(), result.mibPerSecond()));
        return Main.OK;
    }

    /** What a lossy transport lost, and what it may: {@code , 3 lost (tolerance 1%)}; nothing for the others. */
    static String lossClause(Transport transport, EchoLoad.Result result) {
        return transport.lossy() ? ", " + String.format(Locale.ROOT, "%,d", result.lost()) + " lost (tolerance "
                + EchoLoad.percentText(result.settings().lossTolerance()) + "%)" : "";
    }
}
