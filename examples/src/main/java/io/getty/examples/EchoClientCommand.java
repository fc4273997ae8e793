package io.getty.examples;

import io.getty.core.EventLoopGroup;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code echo-client}: runs an {@link EchoLoad} against an echo server and prints one summary line, or
 * one line saying which connection and sequence failed and why.
 */
final class EchoClientCommand implements Command {

    @Override
    public String name() {
        return "echo-client";
    }

    @Override
    public String summary() {
        return "send messages to an echo server, verify every echo, print the rate";
    }

    @Override
    public List<String> flags() {
        return List.of(Flags.TRANSPORT, Flags.HOST, Flags.PORT, Flags.THREADS, Flags.MESSAGES, Flags.SIZE,
                Flags.CONNECTIONS, Flags.WINDOW, Flags.TIMEOUT_SECONDS);
    }

    @Override
    public int run(Flags flags, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        Transport transport = flags.transport();
        int port = flags.port();
        if (port == 0) {
            throw new UsageException("--port must be the server's port, 1 to 65535");
        }
        InetSocketAddress server = Addresses.resolve(flags.host("127.0.0.1"), port);
        EchoLoad.Settings settings = new EchoLoad.Settings(flags.connections(4), flags.messages(10_000),
                flags.size(256), flags.window(64), flags.timeout(Duration.ofSeconds(60)));
        int threads = flags.threads(Math.min(settings.connections(), Runtime.getRuntime().availableProcessors()));

        EchoLoad.Result result;
        EventLoopGroup group = EventLoopGroup.create(threads);
        try {
            result = EchoLoad.run(transport, server, group, settings);
        } finally {
            group.close();
            group.awaitTermination(Duration.ofSeconds(5));
        }
        if (!result.succeeded()) {
            err.println(name() + ": FAILED: " + result.failure());
            return Main.FAILED;
        }
        out.println(String.format(Locale.ROOT, "%s: %s of %s over %s (window %d), every echo verified, in %.3f s: "
                        + "%,.0f messages/s, %.1f MiB/s each way",
                name(), Counts.of(settings.totalMessages(), "message"), Counts.of(settings.size(), "byte"),
                Counts.of(settings.connections(), transport.name() + " connection"), settings.effectiveWindow(),
                result.seconds(), result.messagesPerSecond(), result.mibPerSecond()));
        return Main.OK;
    }
}
