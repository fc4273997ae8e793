package io.getty.benchmarks.server;

import io.getty.benchmarks.cli.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerCommandTest {

    @Test
    void rejectsUnknownImpl() {
        assertThatThrownBy(() -> ServerCommand.run(new String[] {"--impl", "grizzly", "--port", "0"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--impl must be netty, bare or getty");
    }
}
