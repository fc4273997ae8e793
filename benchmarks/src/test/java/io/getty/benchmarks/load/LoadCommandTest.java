package io.getty.benchmarks.load;

import io.getty.benchmarks.cli.CommandLines;
import io.getty.benchmarks.cli.CommandLines.Run;
import io.getty.benchmarks.cli.WireOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import static io.getty.benchmarks.cli.CommandLines.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadCommandTest {

    @Test
    void parsesAllFlags() {
        LoadCommand load = parse("load", "--host", "localhost", "--port", "9000", "--connections", "64",
                "--depth", "16", "--size", "256", "--warmup", "1.5", "--seconds", "10", "--stall-ms=500",
                "--connect-batch", "1_000", "--connect-timeout-ms", "700");
        assertThat(load.options()).isEqualTo(new LoadOptions("localhost", 9000, 64, 16, 256, 1.5, 10, 500, 1000, 700));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        LoadCommand load = parse("load", "--port", "9000");
        assertThat(load.options()).isEqualTo(LoadOptions.defaults(9000));
        assertThat(LoadOptions.defaults(9000))
                .isEqualTo(new LoadOptions("127.0.0.1", 9000, 1, 1, 64, 2, 10, 2000, 128, 5000));
    }

    @Test
    void rejectsBadArgumentsNamingTheFlag() {
        assertThatThrownBy(() -> parse("load", "--connections", "4"))
                .isInstanceOf(MissingParameterException.class).hasMessage("Missing required option: '--port=P'");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--size", "8"))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("Invalid value for option '--size': 8 is not from 16 to 1048572");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--size", "1048573"))
                .hasMessageContaining("frames are at most 1 MiB");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--conections", "8"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--conections'");
        assertThatThrownBy(() -> parse("load", "--port", "x"))
                .hasMessage("Invalid value for option '--port': 'x' is not a whole number");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--depth"))
                .isInstanceOf(MissingParameterException.class).hasMessageContaining("'--depth'");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--depth", "0")).hasMessageContaining("'--depth'");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--seconds", "0"))
                .hasMessage("Invalid value for option '--seconds': 0 is not from 0.1 to 86400.0");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--warmup", "soon"))
                .hasMessage("Invalid value for option '--warmup': 'soon' is not a number");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--stall-ms", "9")).hasMessageContaining("'--stall-ms'");
        assertThatThrownBy(() -> parse("load", "--port", "1", "--port", "2")).hasMessageContaining("'--port'");
    }

    @Test
    void readsTheWireFlags() {
        LoadCommand plain = parse("load", "--port", "1");
        assertThat(plain.wireOptions.tls).isFalse();
        assertThat(plain.wireOptions.compression).isEqualTo(WireOptions.Compression.none);
        LoadCommand tls = parse("load", "--port", "1", "--tls");
        assertThat(tls.wireOptions.tls).isTrue();
        LoadCommand deflate = parse("load", "--port", "1", "--compression", "deflate");
        assertThat(deflate.wireOptions.compression).isEqualTo(WireOptions.Compression.deflate);
        assertThatThrownBy(() -> parse("load", "--port", "1", "--compression", "zstd"))
                .hasMessageStartingWith("Invalid value for option '--compression': expected one of [none, deflate]");
    }

    @Test
    void wireFlagsThatCannotRunAreABadCommandLine() {
        Run both = CommandLines.run("load", "--port", "1", "--tls", "--compression", "deflate");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).startsWith("load: --tls and --compression deflate are not measured together; give one\n");
        Run udp = CommandLines.run("load", "--port", "1", "--transport", "udp", "--tls");
        assertThat(udp.code()).isEqualTo(2);
        assertThat(udp.err()).startsWith("load: --tls and --compression work with --transport tcp only\n");
        Run many = CommandLines.run("load", "--port", "1", "--tls", "--connections", "2000");
        assertThat(many.code()).isEqualTo(2);
        assertThat(many.err()).startsWith("load: --connections 2000 over tls needs ").contains(" MiB of buffers");
    }

    @Test
    void webSocketWithAnotherWireOrUdpIsABadCommandLine() {
        for (String[] wire : new String[][] {{"--tls"}, {"--compression", "deflate"}}) {
            String[] args = new String[4 + wire.length];
            System.arraycopy(new String[] {"load", "--port", "1", "--websocket=/echo"}, 0, args, 0, 4);
            System.arraycopy(wire, 0, args, 4, wire.length);
            Run run = CommandLines.run(args);
            assertThat(run.code()).as(String.join(" ", wire)).isEqualTo(2);
            assertThat(run.err()).startsWith("load: --websocket is not measured with --tls or --compression deflate; "
                    + "give one\n");
            assertThat(run.out()).isEmpty();
        }
        Run udp = CommandLines.run("load", "--port", "1", "--transport", "udp", "--websocket", "/echo");
        assertThat(udp.code()).isEqualTo(2);
        assertThat(udp.err()).startsWith("load: --websocket works with --transport tcp only\n");
        assertThat(udp.out()).isEmpty();
    }

    @Test
    void tooMuchBufferMemoryIsABadCommandLine() {
        Run run = CommandLines.run("load", "--port", "1", "--connections", "10000", "--depth", "1000", "--size", "1000");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("load: connections x depth x frame size needs ").contains("MiB of buffers")
                .endsWith("see: java -jar getty-benchmarks.jar load --help\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRunThatCannotConnectFailsWithExitCodeOne() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = CommandLines.run("load", "--port", String.valueOf(closedPort), "--warmup", "0", "--seconds", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("FAILED connect_failed");
        assertThat(run.out()).isEmpty();
    }
}
