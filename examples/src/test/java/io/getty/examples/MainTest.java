package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar's command line end to end: help, exit statuses and the one-line errors. */
class MainTest {
    /** Every command and the flags with a value it takes: the command line scripts and the README rely on. */
    private static final Map<String, List<String>> FLAGS = Map.of(
            "demo", List.of("--threads", "--messages", "--size", "--connections", "--window", "--timeout-seconds"),
            "echo-server", List.of("--transport", "--path", "--host", "--port", "--threads"),
            "echo-client", List.of("--transport", "--path", "--host", "--port", "--threads",
                    "--messages", "--size", "--connections", "--window", "--timeout-seconds"));
    /** Every command and its flags that take no value, or need not. */
    private static final Map<String, List<String>> SWITCHES = Map.of(
            "demo", List.of(),
            "echo-server", List.of("--tls", "--compression[=C]"),
            "echo-client", List.of("--tls", "--compression[=C]", "--insecure", "--reconnect[=INTERVAL]"));

    private final Output out = new Output();
    private final Output err = new Output();

    private int run(String... args) {
        return Main.run(args, out.stream, err.stream);
    }

    @Test
    void helpListsEveryCommandExitStatusAndExamples() {
        assertThat(run("help")).isEqualTo(Main.OK);
        assertThat(out.text()).startsWith("Usage: java -jar getty-examples.jar [-h] COMMAND")
                .contains("demo", "echo-server", "echo-client", "Exit status: 0 success; 1 failure")
                .contains("java -jar getty-examples.jar echo-server --transport tcp --port 9000");
        assertThat(err.text()).isEmpty();
        String help = out.text();
        assertThat(run("--help")).isEqualTo(Main.OK);
        assertThat(out.text()).isEqualTo(help + help);
    }

    @Test
    void everyCommandHasHelpNamingEachOfItsFlags() {
        FLAGS.forEach((command, flags) -> {
            Output commandOut = new Output();
            assertThat(Main.run(new String[] {command, "--help"}, commandOut.stream, err.stream)).isEqualTo(Main.OK);
            assertThat(commandOut.text()).startsWith("Usage: java -jar getty-examples.jar " + command + " [-h]");
            for (String flag : flags) {
                assertThat(commandOut.text()).as(command).contains(flag + "=");
            }
            for (String flag : SWITCHES.get(command)) {
                // The usage line may wrap inside a switch: compare without the white space.
                assertThat(commandOut.text().replaceAll("\\s+", "")).as(command).contains("[" + flag + "]");
            }
            Output viaHelp = new Output();
            assertThat(Main.run(new String[] {"help", command}, viaHelp.stream, err.stream)).isEqualTo(Main.OK);
            assertThat(viaHelp.text()).isEqualTo(commandOut.text());
        });
        assertThat(err.text()).isEmpty();
    }

    @Test
    void helpShowsEachCommandsOwnDefaults() {
        assertThat(help("demo")).contains("(default: 2500)", "(default: 30)", "(default: 2)");
        assertThat(help("echo-client")).contains("(default: 10000)", "(default: 60)", "(default: 127.0.0.1)")
                .contains("(default: 4)", "(default: 256)", "(default: 64)", "(default: tcp)");
        assertThat(help("echo-server")).contains("(default: 0.0.0.0)", "(default: tcp)", "(default: none)");
        assertThat(help("echo-client")).contains("none; deflate (raw DEFLATE at best speed, flushed with every write); "
                + "snappy (Snappy's framing format)", "(300ms if not given;", "(default: none)");
    }

    /** A command's help, its lines joined, so a phrase the layout wraps is still one phrase. */
    private static String help(String command) {
        Output help = new Output();
        assertThat(Main.run(new String[] {command, "-h"}, help.stream, help.stream)).isEqualTo(Main.OK);
        return help.text().replaceAll("\\s+", " ");
    }

    @Test
    void noArgumentsIsMisuse() {
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("Missing required subcommand\n").contains("Usage:");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void unknownCommandIsMisuse() {
        assertThat(run("serve")).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("unknown command 'serve'\n").contains("Usage:");
    }

    @Test
    void badFlagsAreMisuseWithOneLineSayingWhyAndWhereHelpIs() {
        assertThat(run("echo-client", "--port", "9000", "--size", "big")).isEqualTo(Main.USAGE);
        assertThat(err.text()).isEqualTo("echo-client: Invalid value for option '--size': 'big' is not a whole number\n"
                + "see: java -jar getty-examples.jar echo-client --help\n");
    }

    @Test
    void otherMisuseIsExitStatusTwo() {
        assertThat(run("echo-server", "--transport", "quic", "--port", "0")).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("echo-server: Invalid value for option '--transport': unknown transport 'quic'");
        assertThat(run("echo-server", "--transport", "ws", "--path", "echo", "--port", "0")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("Invalid value for option '--path': a WebSocket path starts with '/'");
        assertThat(run("echo-client")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("echo-client: Missing required option: '--port=N'");
        assertThat(run("echo-client", "--port", "0")).isEqualTo(Main.USAGE);
        assertThat(run("demo", "--port", "1")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("demo: Unknown options: '--port', '1'");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aMistypedFlagGetsASuggestion() {
        assertThat(run("echo-client", "--port", "1", "--conections", "3")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("Unknown options: '--conections', '3'").contains("--connections");
    }

    @Test
    void echoClientWithNoServerFailsNamingTheConnection() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(run("echo-client", "--port", String.valueOf(port), "--connections", "2", "--timeout-seconds", "10"))
                .isEqualTo(Main.FAILED);
        assertThat(err.text()).matches("echo-client: FAILED: connection \\d: could not connect to tcp://127.0.0.1:"
                + port + ": .*\n");
    }
}
