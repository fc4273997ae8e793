package io.getty.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/**
 * The examples jar: {@code java -jar getty-examples.jar <command> [flags]}. picocli picks the command and
 * reads its flags; the command's result, or what went wrong, becomes the exit status.
 */
@Command(name = "java -jar getty-examples.jar",
        description = "getty for Java: examples.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DemoCommand.class, EchoServerCommand.class, EchoClientCommand.class, HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Flags take --name value or --name=value; numbers may use _ (100_000).",
                "Exit status: 0 success; 1 failure (an echo that does not match, a lost",
                "connection, udp losses over --loss-tolerance, a timeout, a port in use);",
                "2 bad command line.",
                "",
                "Examples:",
                "  java -jar getty-examples.jar demo",
                "  java -jar getty-examples.jar echo-server --transport tcp --port 9000",
                "  java -jar getty-examples.jar echo-client --transport tcp --port 9000 \\",
                "      --messages 100000 --size 256 --connections 8",
                "  java -jar getty-examples.jar echo-server --transport tcp --port 9443 --tls \\",
                "      --compression deflate",
                "  java -jar getty-examples.jar echo-client --transport tcp --port 9443 --tls \\",
                "      --compression deflate --reconnect",
                "  java -jar getty-examples.jar echo-server --transport udp --port 9001",
                "  java -jar getty-examples.jar echo-client --help"})
public final class Main {
    /** Exit status: the command did what it was asked. */
    static final int OK = 0;
    /** Exit status: the command failed (an echo mismatch, a lost connection, a timeout, a port in use). */
    static final int FAILED = 1;
    /** Exit status: the command line was wrong. */
    static final int USAGE = 2;

    @Mixin
    HelpOption help;

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit status; never calls {@code System.exit}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /** The whole command line, writing to {@code out} and {@code err}, ready to parse or execute. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new RunErrors());
    }
}
