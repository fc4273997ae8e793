package io.getty.benchmarks.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that threw instead of returning its exit code: one line naming the command and the exception
 * on stderr. Exit code 1, as for any failed run.
 */
public final class RunErrors implements IExecutionExceptionHandler {
    /** The exit code of a failed run. */
    public static final int EXIT_CODE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandName() + ": failed: " + e);
        err.flush();
        return EXIT_CODE;
    }
}
