package io.getty.benchmarks.idle;

import org.junit.jupiter.api.Test;

import static io.getty.benchmarks.cli.CommandLines.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleCommandTest {

    @Test
    void parsesFlagsAndDefaults() {
        IdleCommand idle = parse("idle", "--port", "9000");
        assertThat(idle.options()).isEqualTo(new IdleOptions("127.0.0.1", 9000, 1, 128, 10_000));
        IdleCommand set = parse("idle", "--port", "9000", "--host", "localhost", "--connections", "10_000",
                "--connect-batch", "64", "--timeout-ms", "500");
        assertThat(set.options()).isEqualTo(new IdleOptions("localhost", 9000, 10_000, 64, 500));
    }

    @Test
    void rejectsBadFlags() {
        assertThatThrownBy(() -> parse("idle")).hasMessage("Missing required option: '--port=P'");
        assertThatThrownBy(() -> parse("idle", "--port", "1", "--connections", "0"))
                .hasMessage("Invalid value for option '--connections': 0 is not from 1 to 1000000");
        assertThatThrownBy(() -> parse("idle", "--port", "1", "--depth", "1")).hasMessageContaining("'--depth'");
    }
}
