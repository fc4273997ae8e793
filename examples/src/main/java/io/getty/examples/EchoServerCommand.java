package io.getty.examples;

import io.getty.core.EventLoopGroup;
import io.getty.core.GettyException;
import io.getty.core.Server;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code echo-server}: listens, prints one line saying where, and echoes every message until killed. */
final class EchoServerCommand implements Command {

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String summary() {
        return "listen and echo every message back, until killed";
    }

    @Override
    public List<String> flags() {
        return List.of(Flags.TRANSPORT, Flags.HOST, Flags.PORT, Flags.THREADS);
    }

    @Override
    public int run(Flags flags, PrintStream out, PrintStream err) throws UsageException {
        Running server;
        try {
            server = start(flags);
        } catch (GettyException e) {
            err.println(name() + ": " + e.getMessage());
            return Main.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-server-shutdown"));
        out.println(name() + " listening on " + server.url());
        out.flush();
        server.server().closeFuture().join();
        return Main.OK;
    }

    /** Starts the echo server that {@code flags} describe, on a loop group of its own. */
    static Running start(Flags flags) throws UsageException {
        Transport transport = flags.transport();
        InetSocketAddress address = Addresses.resolve(flags.host("0.0.0.0"), flags.port());
        EventLoopGroup group = EventLoopGroup.create(flags.threads(Runtime.getRuntime().availableProcessors()));
        try {
            return new Running(transport, address, transport.startEchoServer(address, group), group);
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
