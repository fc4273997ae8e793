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
        String text = out.text().replaceAll(" +", " ");
        assertThat(text)
                .startsWith("getty demo: over tcp, tcp+tls, tcp+deflate, tcp+tls+snappy, udp, ws, wss, an echo server "
                        + "on 127.0.0.1 and 4 clients in this process")
                .contains(" tcp echo server listening on tcp://127.0.0.1:")
                .contains(" tcp 4 clients sent 10,000 messages of 256 bytes, up to 64 in flight each: every echo "
                        + "verified in ")
                .contains(" udp echo server listening on udp://127.0.0.1:")
                .contains(" udp 4 clients sent 10,000 messages of 256 bytes, up to 32 in flight each: every echo "
                        + "verified, 0 lost (tolerance 1%)")
                .contains(" ws echo server listening on ws://127.0.0.1:")
                .contains(" wss echo server listening on wss://127.0.0.1:")
                .contains("demo OK: 7 runs, 70,000 messages echoed and verified");
        for (String run : new String[] {"tcp+tls", "tcp+deflate", "tcp+tls+snappy"}) {
            assertThat(text).contains(" " + run + " echo server listening on tcp://127.0.0.1:")
                    .contains(" " + run + " 4 clients sent 10,000 messages of 256 bytes, up to 64 in flight each: "
                            + "every echo verified in ")
                    .contains(" " + run + " clients and server closed");
        }
    }

    /** A short run over TLS and compression: what the demo does, with fewer and larger messages. */
    @Test
    void aShortDemoWithLargeMessagesOverTlsAndCompression() {
        Output out = new Output();
        Output err = new Output();
        int status = Main.run(new String[] {"demo", "--connections", "2", "--messages", "20", "--size", "200000"},
                out.stream, err.stream);
        assertThat(err.text()).isEmpty();
        assertThat(status).isEqualTo(Main.OK);
        String text = out.text().replaceAll(" +", " ");
        for (String run : new String[] {"tcp", "tcp+tls", "tcp+deflate", "tcp+tls+snappy", "ws", "wss"}) {
            assertThat(text).contains(" " + run + " 2 clients sent 40 messages of 200,000 bytes, up to 10 in flight "
                    + "each: every echo verified in ");
        }
        assertThat(text).contains("demo OK: 6 runs, 240 messages echoed and verified");
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
                .containsPattern("udp +skipped: udp carries each message in one datagram")
                .contains("demo OK: 6 runs, 600 messages echoed and verified");
    }
}
