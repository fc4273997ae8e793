package io.getty.benchmarks;

import io.getty.benchmarks.cli.CommandLines;
import io.getty.benchmarks.cli.CommandLines.Run;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's command line end to end: help, exit codes and the one-line errors. */
class MainTest {
    /** Every command and the flags run.sh and the README use. */
    private static final Map<String, List<String>> FLAGS = Map.of(
            "load", List.of("--port", "--host", "--connections", "--depth", "--size", "--warmup", "--seconds",
                    "--stall-ms", "--connect-batch", "--connect-timeout-ms", "--transport", "--loss-ms", "--tls",
                    "--compression"),
            "idle", List.of("--port", "--host", "--connections", "--connect-batch", "--timeout-ms"),
            "server", List.of("--impl", "--transport", "--port", "--host", "--threads", "--tls", "--compression"),
            "jmh", List.of("-h"));

    @Test
    void helpListsEveryCommand() {
        for (Run run : List.of(CommandLines.run("--help"), CommandLines.run("help"), CommandLines.run("-h"))) {
            assertThat(run.code()).isZero();
            assertThat(run.out()).startsWith("Usage: java -jar getty-benchmarks.jar [-h] COMMAND")
                    .contains("load", "idle", "server", "jmh", "Exit codes: 0 ok; 1 the run failed");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void everyCommandHasHelpNamingEachOfItsFlags() {
        FLAGS.forEach((command, flags) -> {
            Run run = CommandLines.run(command, "--help");
            assertThat(run.code()).isZero();
            assertThat(run.out()).startsWith("Usage: java -jar getty-benchmarks.jar " + command + " [-h]");
            flags.forEach(flag -> assertThat(run.out()).as(command).contains(flag));
            assertThat(CommandLines.run("help", command).out()).isEqualTo(run.out());
        });
    }

    @Test
    void helpShowsTheDefaults() {
        String load = CommandLines.run("load", "--help").out().replaceAll("\\s+", " ");
        assertThat(load).contains("(default: 127.0.0.1)", "(default: 64)", "(default: 2.0)", "(default: 10.0)",
                "(default: 2000)", "(default: 128)", "(default: 5000)");
        String server = CommandLines.run("server", "--help").out().replaceAll("\\s+", " ");
        assertThat(server).contains("netty, bare, getty", "(default: 1)");
    }

    @Test
    void noCommandIsABadCommandLineWithTheHelp() {
        Run run = CommandLines.run();
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required subcommand\n").contains("Usage:");
    }

    @Test
    void unknownCommandIsABadCommandLine() {
        Run run = CommandLines.run("serve");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("unknown command 'serve'\n").contains("server").contains("Usage:");
    }

    @Test
    void badFlagsGiveOneLineNamingTheCommandAndFlag() {
        Run run = CommandLines.run("load", "--port", "1", "--conections", "8");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("load: Unknown options: '--conections', '8'\n")
                .contains("--connections")
                .endsWith("see: java -jar getty-benchmarks.jar load --help\n");
        Run server = CommandLines.run("server", "--impl", "grizzly", "--port", "0");
        assertThat(server.code()).isEqualTo(2);
        assertThat(server.err()).startsWith("server: Invalid value for option '--impl': expected one of");
    }
}
