package io.getty.examples;

import java.io.PrintStream;
import java.util.List;

/** One command of the examples jar, such as {@code echo-server}. */
interface Command {

    /** What the user types, e.g. {@code echo-client}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /** The flags this command takes (names without the leading {@code --}); others are refused. */
    List<String> flags();

    /** Runs the command and returns the process exit status ({@link Main#OK}, {@link Main#FAILED}). */
    int run(Flags flags, PrintStream out, PrintStream err) throws UsageException, InterruptedException;
}
