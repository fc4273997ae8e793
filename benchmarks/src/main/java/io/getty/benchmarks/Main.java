package io.getty.benchmarks;

import io.getty.benchmarks.cli.UsageException;
import io.getty.benchmarks.idle.IdleClient;
import io.getty.benchmarks.idle.IdleOptions;
import io.getty.benchmarks.idle.IdleResult;
import io.getty.benchmarks.load.LoadGenerator;
import io.getty.benchmarks.load.LoadOptions;
import io.getty.benchmarks.load.LoadResult;
import io.getty.benchmarks.server.ServerCommand;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Entry point of getty-benchmarks.jar: {@code load}, {@code idle}, {@code server} or {@code jmh}. A thin
 * wrapper: the work is in {@link LoadGenerator}, {@link IdleClient}, {@link ServerCommand} and JMH.
 * Exit codes: 0 ok, 1 run failed (reason on stderr), 2 bad command line.
 */
public final class Main {

    static final String USAGE = "usage: java -jar getty-benchmarks.jar <command> ...\n\n"
            + LoadOptions.USAGE + "\n\n" + IdleOptions.USAGE + "\n\n" + ServerCommand.USAGE + "\n\n"
            + "jmh [JMH options]\n  The JMH benchmarks (io.getty.benchmarks.jmh), e.g. 'jmh -prof gc' for allocation per operation.\n";

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = dispatch(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println("run without arguments for usage");
            code = 2;
        } catch (Exception e) {
            System.err.println("failed: " + e);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static int dispatch(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "load" -> load(rest);
            case "idle" -> idle(rest);
            case "server" -> ServerCommand.run(rest);
            case "jmh" -> {
                org.openjdk.jmh.Main.main(rest);
                yield 0;
            }
            default -> throw new UsageException("unknown command '" + args[0] + "' (load, idle, server or jmh)");
        };
    }

    private static int load(String[] args) {
        LoadOptions options = LoadOptions.parse(args);
        LoadResult result = new LoadGenerator(new LoadGenerator.WindowListener() {
            @Override
            public void measureStarted() {
                System.out.println("MEASURE_START");
                System.out.flush();
            }

            @Override
            public void measureEnded() {
                System.out.println("MEASURE_END");
                System.out.flush();
            }
        }).run(options);
        if (result.ok()) {
            System.out.println(result.summaryLine());
        } else {
            System.err.println("FAILED " + result.reason());
        }
        return result.exitCode();
    }

    private static int idle(String[] args) {
        IdleClient client = new IdleClient(IdleOptions.parse(args));
        Thread stdinWatcher = new Thread(() -> {
            awaitEof(System.in);
            client.stop();
        }, "idle-stdin-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        IdleResult result = client.run(count -> {
            System.out.println("connected " + count);
            System.out.flush();
        });
        if (!result.ok()) {
            System.err.println("FAILED " + result.reason());
        }
        return result.exitCode();
    }

    private static void awaitEof(InputStream in) {
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken stdin counts as its end.
        }
    }
}
