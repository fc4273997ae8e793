package io.getty.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The examples jar: {@code java -jar getty-examples.jar <command> [flags]}. Picks the command, parses
 * its flags and turns the outcome into the exit status.
 */
public final class Main {
    /** Exit status: the command did what it was asked. */
    static final int OK = 0;
    /** Exit status: the command failed (an echo mismatch, a lost connection, a timeout, a port in use). */
    static final int FAILED = 1;
    /** Exit status: the command line was wrong. */
    static final int USAGE = 2;

    static final List<Command> COMMANDS = List.of(new DemoCommand(), new EchoServerCommand(), new EchoClientCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit status; never calls {@code System.exit}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(Usage.text());
            return USAGE;
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (List.of("help", "--help", "-h").contains(name) || rest.contains("--help") || rest.contains("-h")) {
            out.print(Usage.text());
            return OK;
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (command == null) {
            err.println("unknown command '" + name + "'");
            err.print(Usage.text());
            return USAGE;
        }
        try {
            return command.run(Flags.parse(name, rest, command.flags()), out, err);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println("see: java -jar getty-examples.jar help");
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return FAILED;
        } catch (RuntimeException e) {
            err.println(name + ": failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }
}
