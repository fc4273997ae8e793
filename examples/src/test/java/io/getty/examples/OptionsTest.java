package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** How each command reads its flags: values, defaults, and what it refuses. */
class OptionsTest {

    /** Parses {@code args} (a command and its flags) and returns the command with its fields set. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        var parsed = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .parseArgs(args);
        return (T) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void readsEveryFlagOfEchoClientInBothSpellings() {
        EchoClientCommand client = parse("echo-client", "--transport", "tcp", "--host=localhost", "--port", "9000",
                "--threads=3", "--messages", "100_000", "--size", "1048576", "--connections=8", "--window", "1",
                "--timeout-seconds", "5");
        assertThat(client.transport.transport.name()).isEqualTo("tcp");
        assertThat(client.host.isLoopbackAddress()).isTrue();
        assertThat(client.port).isEqualTo(9000);
        assertThat(client.threads()).isEqualTo(3);
        EchoLoad.Settings settings = client.load.settings();
        assertThat(settings).isEqualTo(new EchoLoad.Settings(8, 100_000, EchoLoadOptions.MAX_SIZE, 1, Duration.ofSeconds(5)));
    }

    @Test
    void echoClientDefaults() throws Exception {
        EchoClientCommand client = parse("echo-client", "--port", "9000");
        assertThat(client.transport.transport.name()).isEqualTo("tcp");
        assertThat(client.host).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(client.load.settings()).isEqualTo(new EchoLoad.Settings(4, 10_000, 256, 64, Duration.ofSeconds(60)));
        assertThat(client.threads()).isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
        EchoClientCommand one = parse("echo-client", "--port", "9000", "--connections", "1");
        assertThat(one.threads()).isEqualTo(1);
    }

    @Test
    void echoServerDefaultsAndFlags() throws Exception {
        EchoServerCommand server = parse("echo-server", "--port", "0");
        assertThat(server.transport.transport.name()).isEqualTo("tcp");
        assertThat(server.host).isEqualTo(InetAddress.getByName("0.0.0.0"));
        assertThat(server.port).isZero();
        assertThat(server.threads).isEqualTo(Runtime.getRuntime().availableProcessors());
        EchoServerCommand set = parse("echo-server", "--host", "127.0.0.1", "--port", "65535", "--threads", "256");
        assertThat(set.host.isLoopbackAddress()).isTrue();
        assertThat(set.port).isEqualTo(65_535);
        assertThat(set.threads).isEqualTo(256);
    }

    @Test
    void demoHasItsOwnDefaults() {
        DemoCommand demo = parse("demo");
        assertThat(demo.threads).isEqualTo(2);
        assertThat(demo.load.settings()).isEqualTo(new EchoLoad.Settings(4, 2_500, 256, 64, Duration.ofSeconds(30)));
        DemoCommand set = parse("demo", "--threads", "1", "--messages", "7", "--timeout-seconds", "86400");
        assertThat(set.threads).isEqualTo(1);
        assertThat(set.load.settings().messages()).isEqualTo(7);
        assertThat(set.load.timeout()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesWhatIsNotAFlagOrNotForThisCommand() {
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--colour", "red"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--colour'");
        assertThatThrownBy(() -> parse("echo-server", "--port", "1", "--messages", "5"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--messages'");
        assertThatThrownBy(() -> parse("demo", "--port", "1"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--port'");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "9000"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'9000'");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--port", "2"))
                .isInstanceOf(OverwrittenOptionException.class).hasMessageContaining("'--port'");
    }

    @Test
    void refusesMissingValues() {
        assertThatThrownBy(() -> parse("echo-client", "--port"))
                .isInstanceOf(MissingParameterException.class).hasMessageContaining("'--port'");
        assertThatThrownBy(() -> parse("echo-client", "--port", "--size", "3"))
                .isInstanceOf(MissingParameterException.class).hasMessageContaining("'--port'");
        assertThatThrownBy(() -> parse("echo-client", "--size", "3"))
                .isInstanceOf(MissingParameterException.class).hasMessage("Missing required option: '--port=N'");
        assertThatThrownBy(() -> parse("echo-server"))
                .isInstanceOf(MissingParameterException.class).hasMessage("Missing required option: '--port=N'");
    }

    @Test
    void refusesBadNumbersNamingFlagAndRange() {
        assertThatThrownBy(() -> parse("echo-client", "--port", "http"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("Invalid value for option '--port': 'http' is not a whole number");
        assertThatThrownBy(() -> parse("echo-server", "--port", "65536"))
                .hasMessage("Invalid value for option '--port': 65536 is not from 0 to 65535");
        assertThatThrownBy(() -> parse("echo-client", "--port", "0"))
                .hasMessage("Invalid value for option '--port': 0 is not from 1 to 65535");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--size", "0"))
                .hasMessage("Invalid value for option '--size': 0 is not from 1 to 1048576");
        assertThatThrownBy(() -> parse("demo", "--size", "1048577")).hasMessageContaining("1048577 is not from 1");
        assertThatThrownBy(() -> parse("demo", "--connections", "-1")).hasMessageContaining("'--connections'");
        assertThatThrownBy(() -> parse("demo", "--connections", "10001")).hasMessageContaining("'--connections'");
        assertThatThrownBy(() -> parse("demo", "--window", "65537")).hasMessageContaining("'--window'");
        assertThatThrownBy(() -> parse("demo", "--threads", "0")).hasMessageContaining("'--threads'");
        assertThatThrownBy(() -> parse("demo", "--messages", "99999999999999999999"))
                .hasMessageContaining("'--messages'").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> parse("demo", "--timeout-seconds", "0"))
                .hasMessage("Invalid value for option '--timeout-seconds': 0 is not from 1 to 86400");
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--host", "no-such-host.invalid"))
                .hasMessage("Invalid value for option '--host': 'no-such-host.invalid' does not resolve to an address");
    }

    @Test
    void readsTlsCompressionInsecureAndReconnect() {
        EchoClientCommand client = parse("echo-client", "--port", "1", "--tls", "--insecure", "--compression",
                "snappy", "--reconnect=2s");
        assertThat(client.transport.tls).isTrue();
        assertThat(client.insecure).isTrue();
        assertThat(client.transport.compression).isEqualTo(Features.CompressionName.SNAPPY);
        assertThat(client.reconnect).isEqualTo(Duration.ofSeconds(2));

        EchoClientCommand defaults = parse("echo-client", "--port", "1");
        assertThat(defaults.transport.tls).isFalse();
        assertThat(defaults.insecure).isFalse();
        assertThat(defaults.transport.compression).isEqualTo(Features.CompressionName.NONE);
        assertThat(defaults.reconnect).isNull();

        assertThat(OptionsTest.<EchoClientCommand>parse("echo-client", "--port", "1", "--reconnect").reconnect)
                .isEqualTo(Duration.ofMillis(300));
        assertThat(OptionsTest.<EchoClientCommand>parse("echo-client", "--reconnect", "--port", "1").reconnect)
                .isEqualTo(Duration.ofMillis(300));
        assertThat(OptionsTest.<EchoClientCommand>parse("echo-client", "--port", "1", "--reconnect", "1.5s").reconnect)
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(OptionsTest.<EchoClientCommand>parse("echo-client", "--port", "1", "--reconnect", "50ms").reconnect)
                .isEqualTo(Duration.ofMillis(50));

        EchoServerCommand server = parse("echo-server", "--port", "0", "--tls", "--compression", "deflate");
        assertThat(server.transport.tls).isTrue();
        assertThat(server.transport.compression).isEqualTo(Features.CompressionName.DEFLATE);
        assertThat(server.transport.describe()).isEqualTo("tls, deflate");
    }

    @Test
    void refusesBadTlsCompressionAndReconnectValues() {
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--compression", "zip"))
                .hasMessage("Invalid value for option '--compression': 'zip' is not one of none, deflate, snappy");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--reconnect", "5"))
                .hasMessage("Invalid value for option '--reconnect': '5' is not a time with its unit, such as 300ms "
                        + "or 2s");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--reconnect", "0ms"))
                .hasMessage("Invalid value for option '--reconnect': 0ms is not from 1ms to 1 hour");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--reconnect", "2h"))
                .hasMessageContaining("'2h' is not a time with its unit");
        assertThatThrownBy(() -> parse("echo-client", "--port", "1", "--reconnect", "3601s"))
                .hasMessageContaining("3601s is not from 1ms to 1 hour");
        assertThatThrownBy(() -> parse("echo-server", "--port", "1", "--insecure"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--insecure'");
        assertThatThrownBy(() -> parse("echo-server", "--port", "1", "--reconnect"))
                .isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("'--reconnect'");
    }

    @Test
    void flagsThatDoNotFitTheTransportAreMisuse() {
        Output out = new Output();
        Output err = new Output();
        assertThat(Main.run(new String[] {"echo-client", "--port", "1", "--insecure"}, out.stream, err.stream))
                .isEqualTo(Main.USAGE);
        assertThat(err.text()).startsWith("echo-client: --insecure turns off the certificate check of --tls: it needs "
                + "--tls\n");
        Output udp = new Output();
        assertThat(Main.run(new String[] {"echo-client", "--transport", "udp", "--port", "1", "--tls", "--compression",
            "deflate", "--reconnect"}, out.stream, udp.stream)).isEqualTo(Main.USAGE);
        assertThat(udp.text()).startsWith("echo-client: --tls, --compression deflate, --reconnect: not with "
                + "--transport udp (tcp only)\n");
        Output server = new Output();
        assertThat(Main.run(new String[] {"echo-server", "--transport", "udp", "--port", "0", "--tls"}, out.stream,
                server.stream)).isEqualTo(Main.USAGE);
        assertThat(server.text()).startsWith("echo-server: --tls: not with --transport udp (tcp only)\n");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void namesTheSupportedTransports() {
        assertThatThrownBy(() -> parse("echo-server", "--port", "1", "--transport", "quic"))
                .hasMessage("Invalid value for option '--transport': unknown transport 'quic'; this build supports: "
                        + "tcp, udp, ws, wss");
    }
}
