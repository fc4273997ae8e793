package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void theDemoSucceedsInProcess() {
        Output out = new Output();
        Output err = new Output();
        int status = Main.run(new String[] {"demo"}, out.stream, err.stream);
        assertThat(err.text()).isEmpty();
        assertThat(status).isEqualTo(Main.OK);
        assertThat(out.text())
                .contains("tcp  echo server listening on tcp://127.0.0.1:")
                .contains("ws   echo server listening on ws://127.0.0.1:")
                .contains("wss  echo server listening on wss://127.0.0.1:")
                .contains("4 clients sent 10,000 messages of 256 bytes")
                .contains("every echo verified")
                .contains("udp  echo server listening on udp://127.0.0.1:")
                .contains("udp  4 clients sent 10,000 messages of 256 bytes, up to 32 in flight each: every echo "
                        + "verified, 0 lost (tolerance 1%)")
                .contains("demo OK: 4 transports, 40,000 messages echoed and verified");
    }

    @Test
    void theDemoTakesItsFlags() {
        Output out = new Output();
        Output err = new Output();
        int status = Main.run(new String[] {"demo", "--threads", "1", "--connections", "2", "--messages", "50",
                "--size", "70000", "--window", "3"}, out.stream, err.stream);
        assertThat(err.text()).isEmpty();
        assertThat(status).isEqualTo(Main.OK);
        assertThat(out.text())
                .contains("2 clients in this process, sharing 1 event loop thread")
                .contains("2 clients sent 100 messages of 70,000 bytes, up to 3 in flight each")
                .contains("udp  skipped: udp carries each message in one datagram")
                .contains("demo OK: 3 transports, 300 messages echoed and verified");
    }
}
