package io.getty.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that threw instead of returning its status: a bug or the unexpected, so the whole stack trace
 * goes to stderr after one line naming the command. Exit status 1.
 */
final class RunErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(commandLine.getCommandName() + ": interrupted");
        } else {
            err.println(commandLine.getCommandName() + ": failed: " + e);
            e.printStackTrace(err);
        }
        return Main.FAILED;
    }
}
