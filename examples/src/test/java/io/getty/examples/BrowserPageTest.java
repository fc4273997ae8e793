package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The echo server's page at {@code /}, in a real browser: Debian's headless Chromium driven by puppeteer-core
 * opens it over http (ws) and https (wss), waits for its WebSocket to connect, types a line and waits for the
 * echo. Skipped where Chromium or node is missing ({@code .ci/run} installs them).
 */
class BrowserPageTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void thePageEchoesWhatTheUserTypes(String transport) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed");
        NodeTools.require("puppeteer-core");
        CommandLine commandLine = new CommandLine(new EchoServerCommand());
        commandLine.parseArgs("--transport", transport, "--host", "127.0.0.1", "--port", "0", "--threads", "1");
        try (EchoServerCommand.Running server = commandLine.<EchoServerCommand>getCommand().start()) {
            String page = (transport.equals("wss") ? "https" : "http") + "://127.0.0.1:" + server.port() + "/";
            Path profile = Files.createTempDirectory("getty-chromium-");
            NodeTools.Result result = NodeTools.node("page-test.js", page, profile.toString());
            assertThat(result.output().trim()).endsWith("OK");
            assertThat(result.exitCode()).isZero();
        }
    }
}
