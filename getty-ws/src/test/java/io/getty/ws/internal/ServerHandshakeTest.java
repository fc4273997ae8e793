package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerHandshakeTest {

    private static final ServerHandshake CHAT = new ServerHandshake(Set.of("/chat"), List.of("chat"), Set.of(), null);

    static HttpRequestHead request(String head) {
        HttpRequestHead request = new UpgradeRequestParser(8192)
                .parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(request).isNotNull();
        return request;
    }

    private static String rfcWith(String from, String to) {
        String head = UpgradeRequestParserTest.RFC_REQUEST;
        assertThat(head).contains(from);
        return head.replace(from, to);
    }

    private static HttpResponseHead responseOf(ServerHandshake.Outcome outcome) {
        byte[] bytes = outcome.response();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        HttpResponseHead response = new UpgradeResponseParser(8192).parse(in);
        assertThat(response).isNotNull();
        String length = response.headers().get("Content-Length");
        assertThat(in.remaining()).as("body after the head").isEqualTo(length == null ? 0 : Integer.parseInt(length));
        return response;
    }

    private static void assertRejected(ServerHandshake handshake, String head, int status) {
        ServerHandshake.Outcome outcome = handshake.validate(request(head));
        assertThat(outcome).as(head).isInstanceOfSatisfying(ServerHandshake.Reject.class,
                reject -> assertThat(reject.status()).isEqualTo(status));
        HttpResponseHead response = responseOf(outcome);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().get("Connection")).isEqualTo("close");
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void theRfcKeyGivesTheRfcAcceptValue() {
        assertThat(ServerHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void acceptsTheRfcRequestWithTheRfcResponse() {
        ServerHandshake.Outcome outcome = CHAT.validate(request(UpgradeRequestParserTest.RFC_REQUEST));
        assertThat(outcome).isInstanceOf(ServerHandshake.Accept.class);
        ServerHandshake.Accept accept = (ServerHandshake.Accept) outcome;
        assertThat(accept.acceptKey()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(accept.subprotocol()).isEqualTo("chat");
        assertThat(accept.deflate()).isNull();
        assertThat(accept.request().path()).isEqualTo("/chat");
        assertThat(new String(accept.response(), StandardCharsets.ISO_8859_1))
                .isEqualTo(UpgradeResponseParserTest.RFC_RESPONSE);
    }

    @Test
    void choosesTheServersFavouriteSubprotocolThatWasOffered() {
        String head = UpgradeRequestParserTest.RFC_REQUEST;
        assertThat(accept(new ServerHandshake(Set.of(), List.of("superchat", "chat"), Set.of(), null), head)
                .subprotocol()).isEqualTo("superchat");
        assertThat(accept(new ServerHandshake(Set.of(), List.of("mqtt"), Set.of(), null), head).subprotocol()).isNull();
        ServerHandshake.Accept none = accept(new ServerHandshake(Set.of(), List.of(), Set.of(), null), head);
        assertThat(none.subprotocol()).isNull();
        assertThat(responseOf(none).headers().get("Sec-WebSocket-Protocol")).isNull();
        assertThat(accept(CHAT, rfcWith("Sec-WebSocket-Protocol: chat, superchat\r\n", "")).subprotocol()).isNull();
        assertThat(accept(CHAT, rfcWith("chat, superchat", "Chat")).subprotocol()).as("case-sensitive").isNull();
    }

    @Test
    void acceptsListsAndCaseInTheUpgradeAndConnectionFields() {
        accept(CHAT, rfcWith("Upgrade: websocket", "Upgrade: WebSocket"));
        accept(CHAT, rfcWith("Connection: Upgrade", "Connection: keep-alive, upgrade"));
        accept(CHAT, rfcWith("Connection: Upgrade", "Connection: keep-alive\r\nConnection: Upgrade"));
        accept(new ServerHandshake(Set.of(), List.of(), Set.of(), null), rfcWith("GET /chat ", "GET /any?x=1 "));
    }

    @Test
    void badRequestsAre400() {
        assertRejected(CHAT, rfcWith("HTTP/1.1", "HTTP/1.0"), 400);
        assertRejected(CHAT, rfcWith("HTTP/1.1", "HTTP/2.0"), 400);
        assertRejected(CHAT, rfcWith("GET ", "POST "), 400);
        assertRejected(CHAT, rfcWith("Host: server.example.com\r\n", ""), 400);
        assertRejected(CHAT, rfcWith("Host: server.example.com\r\n", "Host: a\r\nHost: b\r\n"), 400);
        assertRejected(CHAT, rfcWith("Upgrade: websocket\r\n", ""), 400);
        assertRejected(CHAT, rfcWith("Upgrade: websocket", "Upgrade: h2c"), 400);
        assertRejected(CHAT, rfcWith("Connection: Upgrade\r\n", ""), 400);
        assertRejected(CHAT, rfcWith("Connection: Upgrade", "Connection: keep-alive"), 400);
        assertRejected(CHAT, rfcWith("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""), 400);
        assertRejected(CHAT, rfcWith("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25j"), 400);   // 15 bytes
        assertRejected(CHAT, rfcWith("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ"), 400); // no padding
        assertRejected(CHAT, rfcWith("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZ!=="), 400);
        assertRejected(CHAT, rfcWith("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ=="), 400);
        assertRejected(CHAT, rfcWith("Sec-WebSocket-Version: 13\r\n", ""), 400);
    }

    @Test
    void anUnknownPathIs404() {
        assertRejected(CHAT, rfcWith("GET /chat ", "GET /other "), 404);
        assertRejected(CHAT, rfcWith("GET /chat ", "GET /chat/ "), 404);
        assertThat(accept(CHAT, rfcWith("GET /chat ", "GET /chat?room=1 ")).request().query()).isEqualTo("room=1");
    }

    @Test
    void anotherVersionIs426WithTheVersionThisServerSpeaks() {
        ServerHandshake.Outcome outcome = CHAT.validate(request(rfcWith("Version: 13", "Version: 8")));
        assertRejected(CHAT, rfcWith("Version: 13", "Version: 8"), 426);
        HttpResponseHead response = responseOf(outcome);
        assertThat(response.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(response.headers().get("Upgrade")).isEqualTo("websocket");
        assertRejected(CHAT, rfcWith("Version: 13", "Version: 13, 8"), 426);
    }

    @Test
    void aDisallowedOriginIs403WhenAnAllowListIsSet() {
        ServerHandshake strict = new ServerHandshake(Set.of("/chat"), List.of(), Set.of("HTTP://Example.com"), null);
        accept(strict, UpgradeRequestParserTest.RFC_REQUEST);
        assertRejected(strict, rfcWith("Origin: http://example.com", "Origin: http://evil.example"), 403);
        assertRejected(strict, rfcWith("Origin: http://example.com", "Origin: null"), 403);
        accept(strict, rfcWith("Origin: http://example.com\r\n", "")); // not a browser: nothing to protect
        accept(CHAT, rfcWith("Origin: http://example.com", "Origin: http://evil.example")); // no list: any
    }

    @Test
    void aParserFailureBecomesItsRejection() {
        ServerHandshake.Reject reject = ServerHandshake.Reject.of(new io.getty.ws.WebSocketHandshakeException(431, "too big"));
        HttpResponseHead response = responseOf(reject);
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.reason()).isEqualTo("Request Header Fields Too Large");
        assertThat(new String(reject.response(), StandardCharsets.UTF_8)).endsWith("\r\n\r\ntoo big\n");
    }

    @Test
    void negotiatesPermessageDeflateWhenEnabled() {
        ServerHandshake deflating = new ServerHandshake(Set.of(), List.of(), Set.of(), PerMessageDeflate.Config.DEFAULT);
        String offered = rfcWith("Sec-WebSocket-Version: 13\r\n",
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        ServerHandshake.Accept accept = accept(deflating, offered);
        assertThat(accept.deflate()).isEqualTo(new PerMessageDeflate.Params(false, false, 0));
        assertThat(responseOf(accept).headers().get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");

        assertThat(accept(CHAT, offered).deflate()).as("not enabled").isNull();
        assertThat(accept(deflating, UpgradeRequestParserTest.RFC_REQUEST).deflate()).as("not offered").isNull();
        assertThat(accept(deflating, offered.replace("client_max_window_bits", "server_max_window_bits=9")).deflate())
                .as("a smaller window for the server").isEqualTo(new PerMessageDeflate.Params(false, false, 9));
        assertThat(accept(deflating, offered.replace("client_max_window_bits", "server_max_window_bits=16")).deflate())
                .as("declined").isNull();
        assertRejected(deflating, offered.replace("; client_max_window_bits", ";;"), 400);
    }

    private static ServerHandshake.Accept accept(ServerHandshake handshake, String head) {
        ServerHandshake.Outcome outcome = handshake.validate(request(head));
        assertThat(outcome).as(head).isInstanceOf(ServerHandshake.Accept.class);
        assertThat(responseOf(outcome).status()).isEqualTo(101);
        return (ServerHandshake.Accept) outcome;
    }
}
