package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Node's {@code ws} client against our server; skipped where node (or the npm registry) is missing. */
class NodeClientInteropTest {
    private WsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** plain; deflate; deflate-window9: permessage-deflate with the server's window limited to 9 bits. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "deflate", "deflate-window9"})
    void nodeWsClientEchoesPingsAndCloses(String mode) throws Exception {
        boolean compression = !mode.equals("plain");
        NodeTools.require("ws@8");
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(true);
        server = WsTestSupport.echoServer().compression(compression)
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        NodeTools.Result result = NodeTools.node("ws-client.js", WsTestSupport.uri(server, "/echo").toString(),
                mode);
        assertThat(result.output().trim()).isEqualTo("OK");
        assertThat(result.exitCode()).isZero();
        Session session = recorder.opened.poll(5, TimeUnit.SECONDS);
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session)).isEqualTo(new CloseStatus(4000, "bye"));
        assertThat(WebSocketInfo.of(session).compressed()).isEqualTo(compression);
        assertThat(recorder.errors).isEmpty();
    }
}
