package io.getty.benchmarks.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line: one line naming the command and what is wrong, a guess when a flag looks like a
 * typo, and where the help is; no command at all, or an unknown one, gets the whole help. Exit code 2.
 */
public final class UsageErrors implements IParameterExceptionHandler {
    /** The exit code of a bad command line. */
    public static final int EXIT_CODE = 2;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (commandLine.getParent() == null) {
            err.println(unknownCommand(e));
            UnmatchedArgumentException.printSuggestions(e, err);
            commandLine.usage(err);
        } else {
            err.println(commandLine.getCommandName() + ": " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see: " + commandLine.getCommandSpec().qualifiedName() + " --help");
        }
        err.flush();
        return EXIT_CODE;
    }

    /** picocli calls a word where a command belongs an unmatched argument; say what it is meant to be. */
    private static String unknownCommand(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
        }
        return e.getMessage();
    }
}
