package io.getty.examples;

import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.Server;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code echo-server}: listens, prints one line saying where, and echoes every message until killed. */
@Command(name = "echo-server", sortOptions = false,
        description = "Listen and echo every message back, until killed. Prints one line: "
                + "'echo-server listening on URL', followed by '(tls, deflate)' when those are on.")
final class EchoServerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    TransportOptions transport;

    @Option(names = "--host", paramLabel = "H", defaultValue = "0.0.0.0", converter = HostConverter.class,
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    InetAddress host;

    @Option(names = "--port", paramLabel = "N", required = true, converter = Bounded.ListenPort.class,
            description = "port to listen on, 0-65535; 0 picks a free port, printed")
    int port;

    @Option(names = "--threads", paramLabel = "N", converter = Bounded.Threads.class,
            description = "event loop threads, 1-256 (default: the number of processors, ${DEFAULT-VALUE} here)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        Running server;
        try {
            server = start();
        } catch (GettyException e) {
            spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
            return Main.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-server-shutdown"));
        announce(server);
        server.server().closeFuture().join();
        return Main.OK;
    }

    /**
     * Prints the one line on stdout: {@code echo-server listening on URL}, then what is on, e.g.
     * {@code (tls, deflate)}; with TLS ({@code --tls} or {@code --transport wss}), first a warning on stderr that
     * the example certificate is not for production.
     */
    void announce(Running server) {
        if (server.transport().tls()) {
            spec.commandLine().getErr().println(spec.name() + ": " + ExampleTls.SERVER_WARNING);
            spec.commandLine().getErr().flush();
        }
        String features = transport.describe();
        PrintWriter out = spec.commandLine().getOut();
        out.println(spec.name() + " listening on " + server.url() + (features.isEmpty() ? "" : " (" + features + ")"));
        out.flush();
    }

    /** Starts the echo server these flags describe, on a loop group of its own. */
    Running start() {
        Transport chosen = transport.chosen(spec, false, null);
        InetSocketAddress address = new InetSocketAddress(host, port);
        EventLoopGroup group = EventLoopGroup.create(threads);
        try {
            return new Running(chosen, address, chosen.startEchoServer(address, group), group);
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** A started echo server, the address it was asked to listen on, and its loop group. */
    record Running(Transport transport, InetSocketAddress requested, Server server, EventLoopGroup group)
            implements AutoCloseable {

        /** The host as requested (the JDK reports 0.0.0.0 as the IPv6 wildcard), with the port bound. */
        String url() {
            return transport.url(new InetSocketAddress(requested.getAddress(), port()));
        }

        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        /** Stops the server and then its loops, waiting a few seconds for each. */
        @Override
        public void close() {
            Duration wait = Duration.ofSeconds(5);
            server.close();
            try {
                server.closeFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // closing the group below closes whatever is left
            }
            group.close();
            try {
                group.awaitTermination(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
