package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientHandshakeTest {

    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static ClientHandshake rfcClient(PerMessageDeflate.Config deflate) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Origin", "http://example.com");
        return new ClientHandshake("server.example.com", "/chat", List.of("chat", "superchat"), deflate, extra, RFC_KEY);
    }

    private static HttpResponseHead response(String head) {
        HttpResponseHead response = new UpgradeResponseParser(8192)
                .parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(response).isNotNull();
        return response;
    }

    private static String rfcWith(String from, String to) {
        String head = UpgradeResponseParserTest.RFC_RESPONSE;
        assertThat(head).contains(from);
        return head.replace(from, to);
    }

    private static void assertRefused(ClientHandshake client, String head, int status) {
        assertThatThrownBy(() -> client.validate(response(head)))
                .as(head)
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void writesTheRequestOfTheRfcExample() {
        assertThat(new String(rfcClient(null).request(), StandardCharsets.ISO_8859_1)).isEqualTo(
                "GET /chat HTTP/1.1\r\n"
                        + "Host: server.example.com\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: chat, superchat\r\n"
                        + "Origin: http://example.com\r\n"
                        + "\r\n");
    }

    @Test
    void acceptsTheRfcResponse() {
        ClientHandshake.Result result = rfcClient(null).validate(response(UpgradeResponseParserTest.RFC_RESPONSE));
        assertThat(result.subprotocol()).isEqualTo("chat");
        assertThat(result.deflate()).isNull();
    }

    @Test
    void talksToTheServerSideEndToEnd() {
        PerMessageDeflate.Config deflate = new PerMessageDeflate.Config(false, true, 6);
        ClientHandshake client = new ClientHandshake("localhost:8080", "/ws?room=1", List.of("v2", "v1"), deflate,
                Map.of(), ClientHandshake.newKey());
        HttpRequestHead request = new UpgradeRequestParser(8192).parse(ByteBuffer.wrap(client.request()));
        ServerHandshake server = new ServerHandshake(Set.of("/ws"), List.of("v1", "v2"), Set.of(),
                new PerMessageDeflate.Config(true, false, 6));
        ServerHandshake.Outcome outcome = server.validate(request);
        assertThat(outcome).isInstanceOf(ServerHandshake.Accept.class);
        ServerHandshake.Accept accept = (ServerHandshake.Accept) outcome;
        HttpResponseHead response = new UpgradeResponseParser(8192).parse(ByteBuffer.wrap(outcome.response()));
        ClientHandshake.Result result = client.validate(response);
        assertThat(result.subprotocol()).isEqualTo("v1").isEqualTo(accept.subprotocol());
        assertThat(result.deflate()).isEqualTo(accept.deflate()).isEqualTo(new PerMessageDeflate.Params(true, true, 0));
    }

    @Test
    void anythingButA101Fails() {
        for (String status : new String[] {"200 OK", "302 Found", "400 Bad Request", "426 Upgrade Required"}) {
            int code = Integer.parseInt(status.substring(0, 3));
            assertRefused(rfcClient(null), rfcWith("101 Switching Protocols", status), code);
        }
        assertRefused(rfcClient(null), rfcWith("HTTP/1.1 101", "HTTP/1.0 101"), 101);
    }

    @Test
    void aResponseWithoutTheUpgradeFieldsOrTheRightAcceptValueFails() {
        ClientHandshake client = rfcClient(null);
        assertRefused(client, rfcWith("Upgrade: websocket\r\n", ""), 101);
        assertRefused(client, rfcWith("Upgrade: websocket", "Upgrade: h2c"), 101);
        assertRefused(client, rfcWith("Connection: Upgrade\r\n", ""), 101);
        assertRefused(client, rfcWith("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", ""), 101);
        assertRefused(client, rfcWith("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "s3pPLMBiTxaQ9kYGzzhZRbK+xOp="), 101);
        client.validate(response(rfcWith("Upgrade: websocket", "Upgrade: WebSocket")));
    }

    @Test
    void aSubprotocolThatWasNotOfferedFails() {
        assertRefused(rfcClient(null), rfcWith("Protocol: chat", "Protocol: mqtt"), 101);
        assertRefused(rfcClient(null), rfcWith("Protocol: chat", "Protocol: chat, superchat"), 101);
        assertRefused(rfcClient(null), rfcWith("Protocol: chat", "Protocol: chat\r\nSec-WebSocket-Protocol: chat"), 101);
        ClientHandshake none = new ClientHandshake("a", "/chat", List.of(), null, Map.of(), RFC_KEY);
        assertRefused(none, UpgradeResponseParserTest.RFC_RESPONSE, 101);
        assertThat(rfcClient(null).validate(response(rfcWith("Sec-WebSocket-Protocol: chat\r\n", ""))).subprotocol())
                .as("the server may choose none").isNull();
    }

    @Test
    void anExtensionThatWasNotOfferedFails() {
        String withDeflate = rfcWith("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
        assertRefused(rfcClient(null), withDeflate, 101);
        ClientHandshake offering = rfcClient(PerMessageDeflate.Config.DEFAULT);
        assertThat(offering.validate(response(withDeflate)).deflate()).isEqualTo(new PerMessageDeflate.Params(false, false, 0));
        assertThat(offering.validate(response(UpgradeResponseParserTest.RFC_RESPONSE)).deflate()).as("declined").isNull();
        assertRefused(offering, withDeflate.replace("permessage-deflate", "x-webkit-deflate-frame"), 101);
        assertRefused(offering, withDeflate.replace("permessage-deflate", "permessage-deflate, permessage-deflate"), 101);
        assertRefused(offering, withDeflate.replace("permessage-deflate", "permessage-deflate; client_max_window_bits=10"), 101);
        assertRefused(offering, withDeflate.replace("permessage-deflate", "permessage-deflate;"), 101);
    }

    @Test
    void keysAreSixteenRandomBytes() {
        String a = ClientHandshake.newKey();
        String b = ClientHandshake.newKey();
        assertThat(Base64.getDecoder().decode(a)).hasSize(16);
        assertThat(a).hasSize(24).isNotEqualTo(b);
    }

    @Test
    void refusesRequestsThatWouldNotBeValidHttp() {
        assertThatThrownBy(() -> new ClientHandshake("a", "chat", List.of(), null, Map.of(), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a", "/a b", List.of(), null, Map.of(), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a\r\nX: y", "/", List.of(), null, Map.of(), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a", "/", List.of("a b"), null, Map.of(), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a", "/", List.of(), null, Map.of("X", "1\r\nY: 2"), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a", "/", List.of(), null, Map.of("sec-websocket-key", "x"), RFC_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake("a", "/", List.of(), null, Map.of(), "short"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientRequestKeepsItsOwnCopyOfTheBuildersHeadersAndSubprotocols() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Origin", "http://a"));
        List<String> subprotocols = new java.util.ArrayList<>(List.of("chat"));
        WsSettings.ClientRequest request = new WsSettings.ClientRequest("h", "/", subprotocols, headers);
        headers.put("Origin", "http://b");
        subprotocols.add("other");
        assertThat(request.headers()).containsExactly(Map.entry("Origin", "http://a"));
        assertThat(request.subprotocols()).containsExactly("chat");
    }
}
