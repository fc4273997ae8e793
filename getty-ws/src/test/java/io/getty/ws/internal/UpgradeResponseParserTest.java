package io.getty.ws.internal;

import static io.getty.ws.internal.Splits.concat;
import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UpgradeResponseParserTest {

    /** RFC 6455 section 1.2. */
    static final String RFC_RESPONSE = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n";

    static HttpResponseHead parse(byte[] input, int[] cuts, byte[][] tail) {
        UpgradeResponseParser parser = new UpgradeResponseParser(8192);
        AtomicReference<HttpResponseHead> result = new AtomicReference<>();
        ByteBuffer left = Splits.feed(input, cuts, in -> {
            if (result.get() == null) {
                result.set(parser.parse(in));
            }
        });
        tail[0] = new byte[left.remaining()];
        left.get(tail[0]);
        return result.get();
    }

    @Test
    void readsTheRfcResponseInEverySplitAndLeavesTheServersFirstFrame() {
        byte[] frame = hex("81 05 48 65 6c 6c 6f");
        byte[] input = concat(RFC_RESPONSE.getBytes(StandardCharsets.ISO_8859_1), frame);
        for (int[] cuts : Splits.of(input.length)) {
            byte[][] tail = new byte[1][];
            HttpResponseHead response = parse(input, cuts, tail);
            assertThat(response).as("cuts %s", Splits.describe(cuts)).isNotNull();
            assertThat(tail[0]).isEqualTo(frame);
            assertThat(response.version()).isEqualTo("HTTP/1.1");
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.reason()).isEqualTo("Switching Protocols");
            assertThat(response.headers().get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void acceptsAStatusLineWithoutAReason() {
        for (String line : new String[] {"HTTP/1.1 101", "HTTP/1.1 101 "}) {
            HttpResponseHead response = new UpgradeResponseParser(8192)
                    .parse(ByteBuffer.wrap((line + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.reason()).isEmpty();
        }
    }

    @Test
    void malformedOrOversizedResponsesFail() {
        for (String head : new String[] {"HTTP/1.1 1O1 OK\r\n\r\n", "HTTP/1.1  101\r\n\r\n", "HTTP/1.1 1011\r\n\r\n",
                "ICY 200 OK\r\n\r\n", "HTTP/1.1 101 OK\nUpgrade: websocket\r\n\r\n", "\r\n\r\n",
                "HTTP/1.1 101 OK\r\nUpgrade websocket\r\n\r\n"}) {
            byte[] input = head.getBytes(StandardCharsets.ISO_8859_1);
            for (int[] cuts : Splits.of(input.length)) {
                assertThatThrownBy(() -> parse(input, cuts, new byte[1][]))
                        .as("%s cut at %s", head, Splits.describe(cuts))
                        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                                e -> assertThat(e.status()).isZero());
            }
        }
        UpgradeResponseParser parser = new UpgradeResponseParser(64);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(RFC_RESPONSE.getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(WebSocketHandshakeException.class);
    }
}
