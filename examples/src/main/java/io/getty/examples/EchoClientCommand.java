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

    @Option(names = "--insecure", description = "with --tls or --transport wss: do not verify the server's certificate (as curl's "
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

    @Option(names = "--reflect",
            description = "ws, wss: send nothing; send back every message the server sends, text as text and binary "
                    + "as binary, until the server closes (for test servers that drive a client)")
    boolean reflect;

    /** The threads asked for, or one per connection up to the number of processors. */
    int threads() {
        return threads != null ? threads : Math.min(load.connections, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Integer call() throws InterruptedException {
        Transport chosen = transport.chosen(spec, insecure, reconnect);
        if (reflect) {
            return reflect(chosen);
        }
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

    /** {@code --reflect}: one connection that echoes what the server sends until the server closes it. */
    private int reflect(Transport chosen) throws InterruptedException {
        if (!(chosen instanceof WsTransport ws)) {
            spec.commandLine().getErr().println(spec.name() + ": --reflect needs --transport ws or wss");
            return Main.USAGE;
        }
        java.util.concurrent.atomic.AtomicLong reflected = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CompletableFuture<io.getty.core.Session> closed = new java.util.concurrent.CompletableFuture<>();
        io.getty.core.EventListener<Object> mirror = new io.getty.core.EventListener<>() {
            @Override
            public void onMessage(io.getty.core.Session session, Object message) {
                reflected.incrementAndGet();
                session.sendPkg(message);
            }

            @Override
            public void onError(io.getty.core.Session session, Throwable cause) {
                spec.commandLine().getErr().println(spec.name() + ": " + cause);
            }

            @Override
            public void onClose(io.getty.core.Session session) {
                closed.complete(session);
            }
        };
        EventLoopGroup group = EventLoopGroup.create(1);
        try {
            Transport.Connection connection = ws.reflect(new InetSocketAddress(host, port), group, mirror);
            try {
                connection.opened().get(load.timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                spec.commandLine().getErr().println(spec.name() + ": FAILED: could not connect to "
                        + chosen.url(new InetSocketAddress(host, port)) + ": "
                        + (e.getCause() != null ? e.getCause() : e));
                return Main.FAILED;
            }
            io.getty.core.Session session = closed.join();
            io.getty.ws.CloseStatus status = io.getty.ws.WebSocket.closeStatus(session);
            spec.commandLine().getOut().println(spec.name() + ": reflected " + Counts.of(reflected.get(), "message")
                    + "; the server closed " + (status == null ? "without a close frame" : "with " + status.code()
                    + (status.reason().isEmpty() ? "" : " (" + status.reason() + ")")));
            connection.client().close();
            return Main.OK;
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(5));
        }
    }
}
