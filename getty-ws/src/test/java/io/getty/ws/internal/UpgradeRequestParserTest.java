package io.getty.ws.internal;

import static io.getty.ws.internal.Splits.concat;
import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UpgradeRequestParserTest {

    /** RFC 6455 section 1.2. */
    static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses {@code input} cut at {@code cuts}, as the seam would; returns the request and the unread tail. */
    static HttpRequestHead parse(byte[] input, int[] cuts, int maxHeadSize, List<byte[]> tail) {
        UpgradeRequestParser parser = new UpgradeRequestParser(maxHeadSize);
        AtomicReference<HttpRequestHead> result = new AtomicReference<>();
        ByteBuffer left = Splits.feed(input, cuts, in -> {
            if (result.get() == null) {
                result.set(parser.parse(in));
            }
        });
        byte[] rest = new byte[left.remaining()];
        left.get(rest);
        tail.add(rest);
        return result.get();
    }

    @Test
    void readsTheRfcRequestInEverySplitAndLeavesTheFirstFrame() {
        byte[] frame = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        byte[] input = concat(ascii(RFC_REQUEST), frame);
        for (int[] cuts : Splits.of(input.length)) {
            List<byte[]> tail = new ArrayList<>();
            HttpRequestHead request = parse(input, cuts, 8192, tail);
            assertThat(request).as("cuts %s", Splits.describe(cuts)).isNotNull();
            assertThat(tail.get(0)).as("cuts %s", Splits.describe(cuts)).isEqualTo(frame);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.target()).isEqualTo("/chat");
            assertThat(request.path()).isEqualTo("/chat");
            assertThat(request.query()).isNull();
            assertThat(request.version()).isEqualTo("HTTP/1.1");
            assertThat(request.headers().get("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
            assertThat(request.headers().get("HOST")).isEqualTo("server.example.com");
            assertThat(request.headers().list("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat");
        }
    }

    @Test
    void returnsNullUntilTheHeadIsCompleteTakingEveryByte() {
        UpgradeRequestParser parser = new UpgradeRequestParser(8192);
        ByteBuffer in = ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r"));
        assertThat(parser.parse(in)).isNull();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(parser.parse(ByteBuffer.wrap(ascii("\n")))).isNotNull();
    }

    @Test
    void splitsPathAndQueryAndAcceptsTheAbsoluteForm() {
        HttpRequestHead request = parseWhole("GET /chat/room?id=1&x=%20 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(request.path()).isEqualTo("/chat/room");
        assertThat(request.query()).isEqualTo("id=1&x=%20");
        HttpRequestHead absolute = parseWhole("GET http://example.com:8080/chat?q HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(absolute.target()).isEqualTo("http://example.com:8080/chat?q");
        assertThat(absolute.path()).isEqualTo("/chat");
        assertThat(absolute.query()).isEqualTo("q");
        assertThat(parseWhole("GET ws://example.com HTTP/1.1\r\nHost: a\r\n\r\n").path()).isEqualTo("/");
        assertThat(parseWhole("GET ws://example.com?a=b HTTP/1.1\r\nHost: a\r\n\r\n").query()).isEqualTo("a=b");
    }

    @Test
    void combinesRepeatedFieldsAndTrimsValues() {
        HttpRequestHead request = parseWhole("GET / HTTP/1.1\r\nHost: a\r\n"
                + "Sec-WebSocket-Protocol: chat\r\nsec-websocket-protocol:\t superchat \t\r\n"
                + "Cookie: a=1\r\nCookie: b=2\r\nX-Empty:\r\n\r\n");
        HttpHeaders headers = request.headers();
        assertThat(headers.get("Sec-WebSocket-Protocol")).isEqualTo("chat, superchat");
        assertThat(headers.lines("Sec-WebSocket-Protocol")).isEqualTo(2);
        assertThat(headers.get("cookie")).isEqualTo("a=1; b=2");
        assertThat(headers.get("X-Empty")).isEmpty();
        assertThat(headers.get("Absent")).isNull();
        assertThat(headers.names()).containsExactly("Host", "Sec-WebSocket-Protocol", "Cookie", "X-Empty");
    }

    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() {
        assertThat(parseWhole("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("GET");
    }

    @Test
    void malformedHeadsAre400InEverySplit() {
        String[] bad = {
            "GET / HTTP/1.1\nHost: a\r\n\r\n",               // bare LF
            "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",          // bare CR
            "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",  // obsolete line folding
            "GET / HTTP/1.1\r\nHost a\r\n\r\n",              // no colon
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",            // space before the colon
            "GET / HTTP/1.1\r\n: a\r\n\r\n",                 // empty name
            "GET / HTTP/1.1\r\nHo(st: a\r\n\r\n",            // name not a token
            "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",      // control character in a value
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",            // two spaces
            "GET /\r\nHost: a\r\n\r\n",                      // no version
            "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
            "GET / HTTP/1\r\nHost: a\r\n\r\n",               // malformed version
            "GET / http/1.1\r\nHost: a\r\n\r\n",
            "G@T / HTTP/1.1\r\nHost: a\r\n\r\n",             // method not a token
            "GET chat HTTP/1.1\r\nHost: a\r\n\r\n",          // neither origin nor absolute form
            "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /chat#frag HTTP/1.1\r\nHost: a\r\n\r\n",    // fragment
            "GET /ch\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",     // non-ASCII target
            "\r\n\r\n",                                      // no request line
        };
        for (String head : bad) {
            byte[] input = ascii(head);
            for (int[] cuts : Splits.of(input.length)) {
                assertThatThrownBy(() -> parse(input, cuts, 8192, new ArrayList<>()))
                        .as("%s cut at %s", head, Splits.describe(cuts))
                        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                                e -> assertThat(e.status()).isEqualTo(400));
            }
        }
    }

    @Test
    void aHeadAboveTheMaxSizeIs431InEverySplit() {
        byte[] input = ascii(RFC_REQUEST);
        assertThat(parse(input, new int[0], input.length, new ArrayList<>())).isNotNull();
        for (int[] cuts : Splits.of(input.length)) {
            assertThatThrownBy(() -> parse(input, cuts, input.length - 1, new ArrayList<>()))
                    .as("cuts %s", Splits.describe(cuts))
                    .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.status()).isEqualTo(431));
        }
        // A peer that never ends its head is stopped at the limit, not buffered forever.
        UpgradeRequestParser parser = new UpgradeRequestParser(1024);
        ByteBuffer endless = ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nX: " + "a".repeat(2000)));
        assertThatThrownBy(() -> parser.parse(endless)).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(endless.position()).isEqualTo(1024);
    }

    private static HttpRequestHead parseWhole(String head) {
        HttpRequestHead request = new UpgradeRequestParser(8192).parse(ByteBuffer.wrap(ascii(head)));
        assertThat(request).isNotNull();
        return request;
    }
}
