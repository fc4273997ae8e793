package io.getty.benchmarks.cli;

import io.getty.benchmarks.Main;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The jar's command line in a test: parse a command's flags, or run it and keep what it prints. */
public final class CommandLines {

    private CommandLines() {
    }

    /** Parses {@code args} (a command and its flags) and returns the command with its fields set. */
    @SuppressWarnings("unchecked")
    public static <T> T parse(String... args) {
        var parsed = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .parseArgs(args);
        return (T) parsed.subcommand().commandSpec().userObject();
    }

    /** Runs {@code args} as {@code java -jar getty-benchmarks.jar} would, without exiting. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** What a command line did: its exit code, stdout and stderr. */
    public record Run(int code, String out, String err) {
    }
}
