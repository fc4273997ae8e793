package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
    private static final List<String> CLIENT = new EchoClientCommand().flags();
    private static final List<String> SERVER = new EchoServerCommand().flags();

    private static Flags client(String... args) throws UsageException {
        return Flags.parse("echo-client", List.of(args), CLIENT);
    }

    @Test
    void readsEveryFlagInBothSpellings() throws Exception {
        Flags flags = client("--transport", "tcp", "--host=localhost", "--port", "9000", "--threads=3",
                "--messages", "100_000", "--size", "1048576", "--connections=8", "--window", "1",
                "--timeout-seconds", "5");
        assertThat(flags.transport().name()).isEqualTo("tcp");
        assertThat(flags.host("x")).isEqualTo("localhost");
        assertThat(flags.port()).isEqualTo(9000);
        assertThat(flags.threads(1)).isEqualTo(3);
        assertThat(flags.messages(1)).isEqualTo(100_000);
        assertThat(flags.size(1)).isEqualTo(Flags.MAX_SIZE);
        assertThat(flags.connections(1)).isEqualTo(8);
        assertThat(flags.window(64)).isEqualTo(1);
        assertThat(flags.timeout(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void missingFlagsTakeTheirDefaults() throws Exception {
        Flags flags = client("--port", "0");
        assertThat(flags.transport().name()).isEqualTo("tcp");
        assertThat(flags.host("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isZero();
        assertThat(flags.messages(10)).isEqualTo(10);
        assertThat(flags.timeout(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesWhatIsNotAFlagOrNotForThisCommand() {
        assertThatThrownBy(() -> client("--colour", "red")).hasMessage("unknown flag --colour");
        assertThatThrownBy(() -> Flags.parse("echo-server", List.of("--messages", "5"), SERVER))
                .hasMessage("echo-server does not take --messages");
        assertThatThrownBy(() -> client("9000")).hasMessageContaining("unexpected argument '9000'");
        assertThatThrownBy(() -> client("--")).hasMessageContaining("unexpected argument '--'");
        assertThatThrownBy(() -> client("--port", "1", "--port", "2")).hasMessage("--port is given twice");
    }

    @Test
    void refusesMissingValues() {
        assertThatThrownBy(() -> client("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> client("--port", "--size", "3")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> client("--port=")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> client("--size", "3").port()).hasMessage("--port is required");
    }

    @Test
    void refusesBadNumbers() {
        assertThatThrownBy(() -> client("--port", "http").port())
                .isInstanceOf(UsageException.class).hasMessage("--port must be a whole number, not 'http'");
        assertThatThrownBy(() -> client("--port", "65536").port()).hasMessage("--port must be from 0 to 65535, not 65536");
        assertThatThrownBy(() -> client("--size", "0").size(1)).hasMessageContaining("--size must be from 1 to 1048576");
        assertThatThrownBy(() -> client("--size", "1048577").size(1)).hasMessageContaining("not 1048577");
        assertThatThrownBy(() -> client("--connections", "-1").connections(1)).hasMessageContaining("--connections");
        assertThatThrownBy(() -> client("--messages", "99999999999999999999").messages(1))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> client("--timeout-seconds", "0").timeout(Duration.ZERO))
                .hasMessageContaining("--timeout-seconds must be from 1");
    }

    @Test
    void namesTheSupportedTransports() {
        assertThatThrownBy(() -> client("--transport", "udp").transport())
                .hasMessage("--transport udp is not built yet; this build supports: tcp");
        assertThatThrownBy(() -> client("--transport", "quic").transport())
                .hasMessage("unknown transport 'quic'; this build supports: tcp");
    }
}
