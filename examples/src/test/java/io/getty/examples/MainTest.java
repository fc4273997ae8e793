package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MainTest {
    private final Output out = new Output();
    private final Output err = new Output();

    private int run(String... args) {
        return Main.run(args, out.stream, err.stream);
    }

    @Test
    void helpListsEveryCommandAndFlag() {
        assertThat(run("help")).isEqualTo(Main.OK);
        assertThat(out.text()).contains("demo", "echo-server", "echo-client", "--transport", "--timeout-seconds")
                .contains("flags: --transport --host --port --threads\n");
        for (String flag : Flags.ALL) {
            assertThat(out.text()).contains("--" + flag);
        }
    }

    @Test
    void helpFlagOnACommandPrintsUsage() {
        assertThat(run("echo-client", "--help")).isEqualTo(Main.OK);
        assertThat(out.text()).contains("usage:");
    }

    @Test
    void noArgumentsIsMisuse() {
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("usage:");
    }

    @Test
    void unknownCommandIsMisuse() {
        assertThat(run("serve")).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("unknown command 'serve'").contains("usage:");
    }

    @Test
    void badFlagsAreMisuseWithOneLineSayingWhy() {
        assertThat(run("echo-client", "--port", "9000", "--size", "big")).isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("echo-client: --size must be a whole number, not 'big'\n");
        assertThat(run("echo-server", "--transport", "ws", "--port", "0")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("echo-server: --transport ws is not built yet; this build supports: tcp");
        assertThat(run("echo-client")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("echo-client: --port is required");
        assertThat(run("echo-client", "--port", "0")).isEqualTo(Main.USAGE);
        assertThat(run("demo", "--port", "1")).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("demo does not take --port");
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
