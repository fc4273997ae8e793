package io.getty.benchmarks.load;

import io.getty.benchmarks.cli.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void parsesAllFlags() {
        LoadOptions o = LoadOptions.parse(new String[] {"--host", "127.0.0.1", "--port", "9000", "--connections", "64",
                "--depth", "16", "--size", "256", "--warmup", "1.5", "--seconds", "10", "--stall-ms=500"});
        assertThat(o.connections()).isEqualTo(64);
        assertThat(o.depth()).isEqualTo(16);
        assertThat(o.size()).isEqualTo(256);
        assertThat(o.warmupSeconds()).isEqualTo(1.5);
        assertThat(o.stallMillis()).isEqualTo(500);
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--connections", "4"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--port is required");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "1", "--size", "8"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--size must be in [16, ");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "1", "--conections", "8"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown flag --conections");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "x"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--port must be an integer");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "1", "--depth"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--depth needs a value");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "1", "--connections", "10000", "--depth", "1000",
                "--size", "1000"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("MiB of buffers");
    }
}
