package io.getty.benchmarks;

import io.getty.benchmarks.cli.HelpOption;
import io.getty.benchmarks.cli.RunErrors;
import io.getty.benchmarks.cli.UsageErrors;
import io.getty.benchmarks.idle.IdleCommand;
import io.getty.benchmarks.jmh.JmhCommand;
import io.getty.benchmarks.load.LoadCommand;
import io.getty.benchmarks.server.ServerCommand;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/**
 * Entry point of getty-benchmarks.jar: {@code load}, {@code idle}, {@code server} or {@code jmh}. A thin
 * wrapper: picocli reads the command line, the work is in {@link LoadCommand}, {@link IdleCommand},
 * {@link ServerCommand} and JMH. Exit codes: 0 ok, 1 run failed (reason on stderr), 2 bad command line.
 */
@Command(name = "java -jar getty-benchmarks.jar",
        description = "getty benchmarks: an echo load generator, an idle-connection client, the echo servers "
                + "(getty, Netty, bare NIO) and JMH.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {LoadCommand.class, IdleCommand.class, ServerCommand.class, JmhCommand.class,
                HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Flags take --name value or --name=value.",
                "Exit codes: 0 ok; 1 the run failed (one line on stderr, starting with FAILED);",
                "2 bad flags. 'java -jar getty-benchmarks.jar COMMAND --help' for a command's flags.",
                "benchmarks/run.sh runs the servers side by side under the same load."})
public final class Main {

    @Mixin
    private HelpOption help;

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        int code = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** The whole command line, writing to {@code out} and {@code err}, ready to parse or execute. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new RunErrors());
    }
}
