package io.getty.benchmarks.server;

import io.getty.benchmarks.bare.BareEchoServer;
import io.getty.benchmarks.cli.Bounded;
import io.getty.benchmarks.cli.HelpOption;
import io.getty.benchmarks.cli.WireOptions;
import io.getty.benchmarks.getty.GettyEchoServer;
import io.getty.benchmarks.getty.GettyUdpEchoServer;
import io.getty.benchmarks.getty.GettyWsEchoServer;
import io.getty.benchmarks.netty.NettyEchoServer;
import io.getty.benchmarks.net.Wire;
import io.getty.benchmarks.netty.NettyUdpEchoServer;
import io.getty.benchmarks.netty.NettyWsEchoServer;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code server --impl netty|bare|getty|netty_ws|getty_ws [--transport tcp|udp] [--tls | --compression deflate]
 * --port P [--host H] [--threads N]}: starts one echo server (the {@code _ws} ones speak WebSocket at
 * {@code /echo}), prints {@code listening on HOST:PORT} once it accepts connections (or, over UDP, datagrams),
 * then runs until killed.
 */
@Command(name = "server", sortOptions = false,
        description = "Echo server. Prints 'listening on HOST:PORT' when ready, runs until killed.")
public final class ServerCommand implements Callable<Integer> {

    /** The servers to choose from; the names are what {@code --impl} takes. */
    public enum Impl {
        /** {@link NettyEchoServer}. */
        netty,
        /** {@link BareEchoServer}. */
        bare,
        /** {@link GettyEchoServer}. */
        getty,
        /** {@link NettyWsEchoServer}: WebSocket at {@code /echo}. */
        netty_ws,
        /** {@link GettyWsEchoServer}: WebSocket at {@code /echo}. */
        getty_ws
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--impl", paramLabel = "IMPL", required = true,
            description = "which server: ${COMPLETION-CANDIDATES}")
    Impl impl;

    /** What the servers echo: length-field frames over TCP, or datagrams over UDP. */
    public enum Transport {
        /** Length-field frames over TCP. */
        tcp,
        /** Datagrams: {@link NettyUdpEchoServer} and {@link GettyUdpEchoServer}; bare NIO has none. */
        udp
    }

    @Option(names = "--transport", paramLabel = "T",
            description = "tcp (frames) or udp (datagrams; netty and getty only) (default: ${DEFAULT-VALUE})")
    Transport transport = Transport.tcp;

    @Mixin
    WireOptions wire;

    @Option(names = "--port", paramLabel = "P", required = true, converter = ListenPort.class,
            description = "port to listen on, 0-65535; 0 picks a free port (the line shows it)")
    int port;

    @Option(names = "--host", paramLabel = "H", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--threads", paramLabel = "N", converter = Threads.class,
            description = "event loop threads, 1-256 (default: ${DEFAULT-VALUE})")
    int threads = 1;

    /** Starts the server these flags describe; the caller closes it. */
    public EchoServer start() throws Exception {
        Wire over = wire.wire(spec);
        if (over != Wire.PLAIN && (transport == Transport.udp || impl != Impl.getty && impl != Impl.netty)) {
            throw new ParameterException(spec.commandLine(), (over == Wire.TLS ? "--tls" : "--compression deflate")
                    + " works with --transport tcp and --impl getty or netty only");
        }
        if (transport == Transport.udp) {
            return switch (impl) {
                case netty -> NettyUdpEchoServer.start(host, port, threads);
                case getty -> GettyUdpEchoServer.start(host, port, threads);
                case bare -> throw new ParameterException(spec.commandLine(), "--impl bare has no UDP server");
                case netty_ws, getty_ws -> throw new ParameterException(spec.commandLine(),
                        "--impl " + impl + " speaks WebSocket, over TCP only");
            };
        }
        return switch (impl) {
            case netty -> NettyEchoServer.start(host, port, threads, over);
            case bare -> BareEchoServer.start(host, port, threads);
            case getty -> GettyEchoServer.start(host, port, threads, over);
            case netty_ws -> NettyWsEchoServer.start(host, port, threads);
            case getty_ws -> GettyWsEchoServer.start(host, port, threads);
        };
    }

    /** Starts the server and blocks until the process is ended by a signal, which closes it. */
    @Override
    public Integer call() throws Exception {
        EchoServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-server-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(EchoServer.listeningLine(server.localAddress()));
        out.flush();
        Thread.currentThread().join();
        return 0;
    }

    static final class ListenPort extends Bounded.Whole {
        ListenPort() {
            super(0, 65_535);
        }
    }

    static final class Threads extends Bounded.Whole {
        Threads() {
            super(1, 256);
        }
    }
}
