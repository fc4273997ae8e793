package io.getty.examples;

import io.getty.core.EventLoopGroup;
import io.getty.core.Server;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code demo}: for every transport built so far, an echo server on 127.0.0.1 (a free port) and clients in
 * this process that exchange messages with it and verify every echo; then everything is closed.
 */
final class DemoCommand implements Command {
    private static final String HOST = "127.0.0.1";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "an echo server and clients in this process, over every transport; verify and exit";
    }

    @Override
    public List<String> flags() {
        return List.of(Flags.THREADS, Flags.MESSAGES, Flags.SIZE, Flags.CONNECTIONS, Flags.WINDOW,
                Flags.TIMEOUT_SECONDS);
    }

    @Override
    public int run(Flags flags, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        EchoLoad.Settings settings = new EchoLoad.Settings(flags.connections(4), flags.messages(2_500),
                flags.size(256), flags.window(64), flags.timeout(Duration.ofSeconds(30)));
        int threads = flags.threads(2);
        List<Transport> transports = Transport.all();
        long start = System.nanoTime();
        out.println("getty demo: over " + transports.stream().map(Transport::name).collect(Collectors.joining(", "))
                + ", an echo server on " + HOST + " and " + Counts.of(settings.connections(), "client")
                + " in this process, sharing " + Counts.of(threads, "event loop thread"));

        EventLoopGroup group = EventLoopGroup.create(threads);
        try {
            for (Transport transport : transports) {
                if (!exchange(transport, group, settings, out, err)) {
                    return Main.FAILED;
                }
            }
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(5));
        }
        out.println(String.format(Locale.ROOT, "demo OK: %s, %s echoed and verified, event loops stopped, "
                + "%.2f s in all", Counts.of(transports.size(), "transport"),
                Counts.of(transports.size() * settings.totalMessages(), "message"), (System.nanoTime() - start) / 1e9));
        return Main.OK;
    }

    /** One transport's part of the demo; says what happened, and returns whether every echo matched. */
    private static boolean exchange(Transport transport, EventLoopGroup group, EchoLoad.Settings settings,
            PrintStream out, PrintStream err) throws InterruptedException {
        String tag = String.format("  %-4s", transport.name());
        Server server;
        try {
            server = transport.startEchoServer(new InetSocketAddress(HOST, 0), group);
        } catch (RuntimeException e) {
            err.println("demo FAILED: " + transport.name() + " echo server did not start: " + e.getMessage());
            return false;
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
            err.println("demo FAILED over " + transport.name() + ": " + result.failure());
            return false;
        }
        out.println(String.format(Locale.ROOT, "%s %s sent %s of %s, up to %d in flight each: every echo verified in %.3f s",
                tag, Counts.of(settings.connections(), "client"), Counts.of(settings.totalMessages(), "message"),
                Counts.of(settings.size(), "byte"), settings.effectiveWindow(), result.seconds()));
        out.println(tag + " clients and server closed");
        return true;
    }
}
