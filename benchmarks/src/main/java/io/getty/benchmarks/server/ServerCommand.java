package io.getty.benchmarks.server;

import io.getty.benchmarks.bare.BareEchoServer;
import io.getty.benchmarks.cli.Args;
import io.getty.benchmarks.cli.UsageException;
import io.getty.benchmarks.getty.GettyEchoServer;
import io.getty.benchmarks.netty.NettyEchoServer;

import java.util.List;

/**
 * {@code server --impl netty|bare|getty --port P [--host H] [--threads N]}: starts one echo server,
 * prints {@code listening on HOST:PORT} once it accepts connections, then runs until killed.
 */
public final class ServerCommand {

    static final List<String> FLAGS = List.of("impl", "port", "host", "threads");

    public static final String USAGE = """
            server --impl netty|bare|getty --port P [--host 127.0.0.1] [--threads 1]
              Echo server. Prints 'listening on HOST:PORT' when ready, runs until killed. --port 0 picks a free port.""";

    private ServerCommand() {
    }

    /** Starts the server and blocks forever (the process ends by signal); returns only on a usage error. */
    public static int run(String[] argv) throws Exception {
        Args args = Args.parse("server", argv, FLAGS);
        String impl = args.requiredString("impl");
        int port = args.requiredInt("port", 0, 65535);
        String host = args.string("host", "127.0.0.1");
        int threads = args.intValue("threads", 1, 1, 256);
        EchoServer server = switch (impl) {
            case "netty" -> NettyEchoServer.start(host, port, threads);
            case "bare" -> BareEchoServer.start(host, port, threads);
            case "getty" -> GettyEchoServer.start(host, port, threads);
            default -> throw new UsageException("server: --impl must be netty, bare or getty, got '" + impl + "'");
        };
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-server-shutdown"));
        System.out.println(EchoServer.listeningLine(server.localAddress()));
        System.out.flush();
        Thread.currentThread().join();
        return 0;
    }
}
