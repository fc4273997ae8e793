package io.getty.examples;

import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: for every transport built so far, and for TCP with TLS and with compression too, an echo server
 * on 127.0.0.1 (a free port) and clients in this process that exchange messages with it and verify every echo;
 * then everything is closed.
 */
@Command(name = "demo", sortOptions = false,
        description = "An echo server and clients in this process, over every transport, and over tcp with TLS "
                + "(the example certificate), with deflate and with TLS and snappy; verify every echo and exit.")
final class DemoCommand implements Callable<Integer> {
    private static final String HOST = "127.0.0.1";

    @Spec
    private CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--threads", paramLabel = "N", converter = Bounded.Threads.class,
            description = "event loop threads, shared by servers and clients, 1-256 (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Mixin
    EchoLoadOptions load = new EchoLoadOptions(2_500, 30);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EchoLoad.Settings settings = load.settings();
        List<Transport> transports = new ArrayList<>();
        for (Transport transport : Transport.all()) {
            transports.add(transport);
            transports.addAll(transport.demoVariants());
        }
        long start = System.nanoTime();
        out.println("getty demo: over " + transports.stream().map(Transport::label).collect(Collectors.joining(", "))
                + ", an echo server on " + HOST + " and " + Counts.of(settings.connections(), "client")
                + " in this process, sharing " + Counts.of(threads, "event loop thread"));

        int width = transports.stream().mapToInt(t -> t.label().length()).max().orElse(0);
        EventLoopGroup group = EventLoopGroup.create(threads);
        int ran = 0;
        long echoed = 0;
        try {
            for (Transport transport : transports) {
                Optional<String> cannot = transport.cannotRun(settings);
                if (cannot.isPresent()) {
                    out.println(String.format("  %-" + width + "s skipped: %s", transport.label(), cannot.get()));
                    continue;
                }
                EchoLoad.Result result = exchange(transport, width, group, transport.fit(settings), out, err);
                if (result == null) {
                    return Main.FAILED;
                }
                ran++;
                echoed += settings.totalMessages() - result.lost();
            }
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(5));
        }
        out.println(String.format(Locale.ROOT, "demo OK: %s, %s echoed and verified, event loops stopped, "
                + "%.2f s in all", Counts.of(ran, "run"), Counts.of(echoed, "message"),
                (System.nanoTime() - start) / 1e9));
        return Main.OK;
    }

    /**
     * One transport's part of the demo, its lines tagged with its label in {@code width} characters; says what
     * happened, and returns its result, or null if it failed.
     */
    private static EchoLoad.Result exchange(Transport transport, int width, EventLoopGroup group,
            EchoLoad.Settings settings, PrintWriter out, PrintWriter err) throws InterruptedException {
        String tag = String.format("  %-" + width + "s", transport.label());
        Server server;
        try {
            server = transport.startEchoServer(new InetSocketAddress(HOST, 0), group);
        } catch (RuntimeException e) {
            err.println("demo FAILED: " + transport.label() + " echo server did not start: " + e.getMessage());
            return null;
        }
        EchoLoad.Result result;
        try {
            out.println(tag + " echo server listening on " + transport.url(server.localAddress()));
            result = EchoLoad.run(transport, (InetSocketAddress) server.localAddress(), group, settings);
        } finally {
            server.close();
            try {
                server.closeFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing the loop group closes whatever is left
            }
        }
        if (!result.succeeded()) {
            err.println("demo FAILED over " + transport.label() + ": " + result.failure());
            return null;
        }
        out.println(String.format(Locale.ROOT, "%s %s sent %s of %s, up to %d in flight each: every echo verified%s in %.3f s",
                tag, Counts.of(settings.connections(), "client"), Counts.of(settings.totalMessages(), "message"),
                Counts.of(settings.size(), "byte"), settings.effectiveWindow(),
                EchoClientCommand.lossClause(transport, result), result.seconds()));
        out.println(tag + " clients and server closed");
        return result;
    }
}
