package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The echo server and client over ws and wss, with and without compression, and the page at {@code /}. */
class WebSocketExamplesTest {

    private static EchoServerCommand.Running echoServer(String... flags) {
        picocli.CommandLine commandLine = new picocli.CommandLine(new EchoServerCommand());
        commandLine.parseArgs(flags);
        return commandLine.<EchoServerCommand>getCommand().start();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ws, false", "ws, true", "wss, false", "wss, true"})
    void echoClientVerifiesEveryEchoOfTheEchoServer(String transport, boolean compression) throws Exception {
        String[] serverArgs = compression
                ? new String[] {"--transport", transport, "--compression", "--host", "127.0.0.1", "--port", "0", "--threads", "1"}
                : new String[] {"--transport", transport, "--host", "127.0.0.1", "--port", "0", "--threads", "1"};
        try (EchoServerCommand.Running server = echoServer(serverArgs)) {
            assertThat(server.url()).isEqualTo(transport + "://127.0.0.1:" + server.port());
            Output out = new Output();
            Output err = new Output();
            String[] clientArgs = {"echo-client", "--transport", transport, "--port", String.valueOf(server.port()),
                    "--messages", "500", "--size", "300", "--connections", "3"};
            if (compression) {
                clientArgs = java.util.Arrays.copyOf(clientArgs, clientArgs.length + 1);
                clientArgs[clientArgs.length - 1] = "--compression";
            }
            int status = Main.run(clientArgs, out.stream, err.stream);
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text()).startsWith("echo-client: 1,500 messages of 300 bytes over 3 " + transport
                    + (compression ? "+deflate" : "") + " connections");
        }
    }

    @org.junit.jupiter.api.Test
    void insecureClientAcceptsTheServerAndSaysSo() throws Exception {
        try (EchoServerCommand.Running server = echoServer("--transport", "wss", "--host", "127.0.0.1", "--port",
                "0", "--path", "/elsewhere")) {
            Output out = new Output();
            Output err = new Output();
            int status = Main.run(new String[] {"echo-client", "--transport", "wss", "--insecure", "--path",
                    "/elsewhere", "--port", String.valueOf(server.port()), "--messages", "10"}, out.stream, err.stream);
            assertThat(err.text()).contains("WARNING: --insecure");
            assertThat(status).isEqualTo(Main.OK);
        }
    }

    @org.junit.jupiter.api.Test
    void insecureWithoutTlsIsAUsageError() {
        Output out = new Output();
        Output err = new Output();
        int status = Main.run(new String[] {"echo-client", "--transport", "ws", "--insecure", "--port", "9"},
                out.stream, err.stream);
        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(err.text()).contains("--insecure: with --transport wss only");
    }

    @org.junit.jupiter.api.Test
    void theServerAnswersTheRootWithAPageThatOpensAWebSocket() throws Exception {
        try (EchoServerCommand.Running server = echoServer("--transport", "ws", "--host", "127.0.0.1", "--port", "0")) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("new WebSocket(url)", "const path = \"/echo\";");
        }
    }

    @org.junit.jupiter.api.Test
    void reflectingClientSendsBackWhatTheServerSends() throws Exception {
        java.util.concurrent.BlockingQueue<Object> back = new java.util.concurrent.LinkedBlockingQueue<>();
        io.getty.ws.WsServer driver = io.getty.ws.WsServer.builder().bind("127.0.0.1", 0).threads(1)
                .path("/runCase")
                .onNewSession(s -> s.codec(io.getty.ws.WebSocketCodecs.textAndBinary(), new io.getty.core.EventListener<Object>() {
                    @Override
                    public void onOpen(io.getty.core.Session session) {
                        assertThat(io.getty.ws.WebSocketInfo.of(session).query()).isEqualTo("case=1&agent=getty");
                        session.writePkg("text ✓");
                        session.writePkg(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                        session.writePkg(io.getty.ws.WebSocketMessage.fragment(io.getty.ws.MessageType.TEXT, "frag", false));
                        session.writePkg(io.getty.ws.WebSocketMessage.fragment(io.getty.ws.MessageType.TEXT, "ment", true));
                    }

                    @Override
                    public void onMessage(io.getty.core.Session session, Object message) {
                        if (message instanceof java.nio.ByteBuffer b) {
                            byte[] bytes = new byte[b.remaining()];
                            b.get(b.position(), bytes);
                            back.add(java.util.Arrays.toString(bytes));
                        } else {
                            back.add(message);
                        }
                        if (back.size() == 3) {
                            io.getty.ws.WebSocket.close(session, 4001, "done");
                        }
                    }
                })).start();
        try {
            Output out = new Output();
            Output err = new Output();
            int status = Main.run(new String[] {"echo-client", "--transport", "ws", "--reflect", "--port",
                    String.valueOf(driver.port()), "--path", "/runCase?case=1&agent=getty"}, out.stream, err.stream);
            assertThat(err.text()).isEmpty();
            assertThat(status).isEqualTo(Main.OK);
            assertThat(out.text().trim()).as(out.text()).isEqualTo("echo-client: reflected 3 messages; the server closed with 4001 (done)");
            assertThat(back).containsExactly("text ✓", "[1, 2, 3]", "fragment");
        } finally {
            driver.close();
        }
    }
}
