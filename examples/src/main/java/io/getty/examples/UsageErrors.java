package io.getty.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line: one line naming the command and what is wrong, a guess when a flag looks like a typo,
 * and where the help is; no command at all, or an unknown one, gets the whole help. Exit status 2.
 */
final class UsageErrors implements IParameterExceptionHandler {

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
        return Main.USAGE;
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
