package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void theDemoSucceedsInProcess() throws Exception {
        Output out = new Output();
        Output err = new Output();
        DemoCommand demo = new DemoCommand();
        int status = demo.run(Flags.parse("demo", List.of(), demo.flags()), out.stream, err.stream);
        assertThat(err.text()).isEmpty();
        assertThat(status).isEqualTo(Main.OK);
        assertThat(out.text())
                .contains("tcp  echo server listening on tcp://127.0.0.1:")
                .contains("4 clients sent 10,000 messages of 256 bytes")
                .contains("every echo verified")
                .contains("demo OK");
    }
}
