package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of issue 15: the test sends the bytes, asserts the close code (or the HTTP status) and
 * that the connection ends, and checks that a session opened before still echoes.
 */
class BadInputTest {
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_FRAME = 512;
    private static WsServer plain;
    private static WsServer compressed;
    private static RawWs bystander;

    @BeforeAll
    static void start() throws IOException {
        plain = WsTestSupport.echoServer().maxMessageLength(MAX_MESSAGE).maxFrameSize(MAX_FRAME)
                .allowedOrigins("https://good.example").maxHandshakeSize(1024).start();
        compressed = WsTestSupport.echoServer().maxMessageLength(MAX_MESSAGE).compression(true).start();
        bystander = RawWs.open(plain.port(), "/echo");
    }

    @AfterAll
    static void stop() throws IOException {
        bystander.close();
        plain.close();
        compressed.close();
        plain.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        compressed.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] closePayload(int code, byte[] reason) {
        return concat(new byte[] {(byte) (code >>> 8), (byte) code}, reason);
    }

    static Stream<Arguments> badFrames() {
        List<Arguments> cases = new ArrayList<>();
        byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
        cases.add(Arguments.of("unmasked frame", RawWs.frame(0x81, hi, false), 1002));
        cases.add(Arguments.of("reserved data opcode 3", RawWs.frame(0x83, hi), 1002));
        cases.add(Arguments.of("reserved control opcode B", RawWs.frame(0x8B, hi), 1002));
        cases.add(Arguments.of("RSV1 without an extension", RawWs.frame(0xC1, hi), 1002));
        cases.add(Arguments.of("RSV2", RawWs.frame(0xA1, hi), 1002));
        cases.add(Arguments.of("RSV3", RawWs.frame(0x91, hi), 1002));
        cases.add(Arguments.of("fragmented ping", RawWs.frame(0x09, hi), 1002));
        cases.add(Arguments.of("ping of 126 bytes", RawWs.frame(0x89, new byte[126]), 1002));
        cases.add(Arguments.of("continuation with nothing to continue", RawWs.frame(0x80, hi), 1002));
        cases.add(Arguments.of("new message inside a fragmented one",
                concat(RawWs.frame(0x01, hi), RawWs.frame(0x81, hi)), 1002));
        cases.add(Arguments.of("64-bit length with its top bit set",
                hex("82 ff 80 00 00 00 00 00 00 10 12 34 56 78"), 1002));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            cases.add(Arguments.of("close code " + code, RawWs.frame(0x88, closePayload(code, new byte[0])), 1002));
        }
        cases.add(Arguments.of("close with a 1-byte payload", RawWs.frame(0x88, new byte[] {3}), 1002));
        cases.add(Arguments.of("close reason not UTF-8",
                RawWs.frame(0x88, closePayload(1000, hex("ce ba e1 bd b9 ed a0 80"))), 1007));
        cases.add(Arguments.of("text not UTF-8 (overlong)", RawWs.frame(0x81, hex("c0 80")), 1007));
        cases.add(Arguments.of("text with a surrogate, in its first fragment (fail fast)",
                RawWs.frame(0x01, hex("ce ba e1 bd b9 ce bc ce b5 ed a0 80 65 64 69 74 65 64")), 1007));
        byte[] whole = RawWs.frame(0x81, hex("ce ba e1 bd b9 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));
        cases.add(Arguments.of("text with a surrogate, the rest of its frame never sent (fail fast within a frame)",
                java.util.Arrays.copyOf(whole, whole.length - 5), 1007));
        cases.add(Arguments.of("text split bad across fragments",
                concat(RawWs.frame(0x01, hex("ce ba e1")), RawWs.frame(0x80, hex("bd ff"))), 1007));
        cases.add(Arguments.of("text ending inside a character", RawWs.frame(0x81, hex("68 e2 82")), 1007));
        cases.add(Arguments.of("message above the max message length", RawWs.frame(0x82, new byte[MAX_MESSAGE + 1]), 1009));
        cases.add(Arguments.of("fragments adding up above the max message length",
                concat(RawWs.frame(0x02, new byte[400]), RawWs.frame(0x00, new byte[400]),
                        RawWs.frame(0x80, new byte[400])), 1009));
        cases.add(Arguments.of("frame above the max frame size", RawWs.frame(0x82, new byte[MAX_FRAME + 1]), 1009));
        cases.add(Arguments.of("huge announced length, no payload", hex("82 ff 00 00 00 01 00 00 00 00 12 34 56 78"), 1009));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameClosesWithItsCode(String name, byte[] bytes, int code) throws Exception {
        try (RawWs ws = RawWs.open(plain.port(), "/echo")) {
            ws.send(bytes);
            assertThat(ws.readClose().closeCode()).as(name).isEqualTo(code);
            assertThat(ws.endsAfter()).as("the server ends the connection").isTrue();
        }
        othersStillEcho();
    }

    static Stream<Arguments> badCompressedFrames() {
        byte[] zeros = new byte[1_000_000];
        return Stream.of(
                Arguments.of("zip bomb: 1 MB of zeros in a few KB", RawWs.frame(0xC2, deflate(zeros)), 1009),
                Arguments.of("not DEFLATE data", RawWs.frame(0xC2, hex("ff ff ff ff ff")), 1007),
                Arguments.of("RSV1 on a continuation",
                        concat(RawWs.frame(0x42, deflate(new byte[10])), RawWs.frame(0xC0, deflate(new byte[10]))), 1002),
                Arguments.of("RSV1 on a ping", RawWs.frame(0xC9, new byte[0]), 1002),
                Arguments.of("compressed text that inflates to bad UTF-8",
                        RawWs.frame(0xC1, deflate(hex("68 c0 80 69"))), 1007));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCompressedFrames")
    void badCompressedFrameClosesWithItsCode(String name, byte[] bytes, int code) throws Exception {
        try (RawWs ws = RawWs.open(compressed.port(), "/echo", "Sec-WebSocket-Extensions: permessage-deflate")) {
            ws.send(bytes);
            assertThat(ws.readClose().closeCode()).as(name).isEqualTo(code);
            assertThat(ws.endsAfter()).isTrue();
        }
        othersStillEcho();
    }

    /** Raw DEFLATE with a sync flush, its 00 00 ff ff tail removed (RFC 7692 section 7.2.1). */
    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 1024];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return java.util.Arrays.copyOf(out, n - 4);
    }

    static Stream<Arguments> badHandshakes() {
        return Stream.of(
                Arguments.of("not HTTP", "GARBAGE\r\n\r\n", 400),
                Arguments.of("a POST", RawWs.request("/echo").replace("GET", "POST"), 400),
                Arguments.of("HTTP/1.0", RawWs.request("/echo").replace("HTTP/1.1", "HTTP/1.0"), 400),
                Arguments.of("no Upgrade", RawWs.request("/echo").replace("Upgrade: websocket\r\n", ""), 400),
                Arguments.of("no key", RawWs.request("/echo").replace("Sec-WebSocket-Key: " + RawWs.KEY + "\r\n", ""), 400),
                Arguments.of("a key that is not 16 bytes", RawWs.request("/echo").replace(RawWs.KEY, "c2hvcnQ="), 400),
                Arguments.of("no version", RawWs.request("/echo").replace("Sec-WebSocket-Version: 13\r\n", ""), 400),
                Arguments.of("unknown path", RawWs.request("/nowhere"), 404),
                Arguments.of("version 8", RawWs.request("/echo").replace("Version: 13", "Version: 8"), 426),
                Arguments.of("origin not allowed", RawWs.request("/echo", "Origin: https://evil.example"), 403),
                Arguments.of("head above the max handshake size", RawWs.request("/echo", "X-Pad: " + "a".repeat(2000)), 431),
                Arguments.of("bare LF line ends", RawWs.request("/echo").replace("\r\n", "\n"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHandshakes")
    void badHandshakeIsAnsweredWithItsStatus(String name, String request, int status) throws Exception {
        try (RawWs ws = new RawWs(plain.port())) {
            ws.send(request);
            String answer = ws.readToEnd();
            assertThat(answer).as(name).startsWith("HTTP/1.1 " + status + " ");
            if (status == 426) {
                assertThat(answer).contains("Sec-WebSocket-Version: 13\r\n");
            }
        }
        othersStillEcho();
    }

    /** Not bad input, but the same harness: after a client's close, the server ends TCP first (RFC 6455 7.1.1). */
    @Test
    void afterTheClientsCloseTheServerEndsTheConnection() throws Exception {
        try (RawWs ws = RawWs.open(plain.port(), "/echo")) {
            ws.send(concat(RawWs.text("last"), RawWs.frame(0x88, closePayload(1000, new byte[0]))));
            assertThat(ws.readFrame().text()).isEqualTo("last");
            RawWs.Frame close = ws.readFrame();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(ws.endsAfter()).as("without the client closing its socket").isTrue();
        }
        try (RawWs ws = RawWs.open(plain.port(), "/echo")) {
            ws.send(RawWs.frame(0x88, new byte[0]));
            assertThat(ws.readFrame().payload()).as("an empty close is answered with an empty close").isEmpty();
            assertThat(ws.endsAfter()).isTrue();
        }
    }

    /** As Autobahn's cases 3.2 to 3.7 ask: what came before the bad frame is answered, nothing after it is. */
    @Test
    void framesBeforeABadOneAreAnsweredAndNoneAfterIt() throws Exception {
        try (RawWs ws = RawWs.open(plain.port(), "/echo")) {
            ws.send(concat(RawWs.text("first"), RawWs.frame(0xA1, "rsv2".getBytes(StandardCharsets.UTF_8)),
                    RawWs.frame(0x89, "ping".getBytes(StandardCharsets.UTF_8))));
            assertThat(ws.readFrame().text()).isEqualTo("first");
            RawWs.Frame next = ws.readFrame();
            assertThat(next.opcode()).as("a close, no pong").isEqualTo(8);
            assertThat(next.closeCode()).isEqualTo(1002);
            assertThat(ws.endsAfter()).isTrue();
        }
        othersStillEcho();
    }

    @Test
    void theListenerHearsWhyAfterTheCloseFrameWasSent() throws Exception {
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(true);
        WsServer server = WsTestSupport.echoServer().onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder))
                .start();
        try (RawWs ws = RawWs.open(server.port(), "/echo")) {
            ws.send(RawWs.frame(0x81, hex("c0 80")));
            assertThat(ws.readClose().closeCode()).isEqualTo(1007);
            assertThat(ws.endsAfter()).isTrue();
        } // the peer closes too: the server's close is over, and its listener hears why
        assertThat(recorder.errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(WebSocketProtocolException.class)
                .satisfies(e -> assertThat(((WebSocketProtocolException) e).closeCode()).isEqualTo(1007));
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
        try (RawWs refused = new RawWs(server.port())) {
            refused.send(RawWs.request("/elsewhere"));
            assertThat(refused.readToEnd()).startsWith("HTTP/1.1 404 ");
        }
        assertThat(recorder.opened).hasSize(1); // the refused handshake reached no callback
        assertThat(recorder.errors).isEmpty();
        server.close();
        server.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void allowedOriginAndNoOriginPass() throws Exception {
        try (RawWs ws = RawWs.open(plain.port(), "/echo", "Origin: https://GOOD.example")) {
            ws.send(RawWs.text("ok"));
            assertThat(ws.readFrame().text()).isEqualTo("ok");
        }
    }

    @Test
    void stalledHandshakeIsClosedAfterTheTimeout() throws Exception {
        // A server of its own: the others' handshakes should not race a short timeout on a loaded machine.
        WsServer impatient = WsTestSupport.echoServer().handshakeTimeout(Duration.ofMillis(500)).start();
        try (RawWs ws = new RawWs(impatient.port()); RawWs good = RawWs.open(impatient.port(), "/echo")) {
            ws.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            assertThat(ws.endsAfter()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            good.send(RawWs.text("still here"));
            assertThat(good.readFrame().text()).isEqualTo("still here");
        } finally {
            impatient.close();
            impatient.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        othersStillEcho();
    }

    @Test
    void peerThatEndsInsideAFrameIsClosed() throws Exception {
        try (RawWs ws = RawWs.open(plain.port(), "/echo")) {
            byte[] frame = RawWs.text("cut short");
            ws.send(java.util.Arrays.copyOf(frame, 5));
            ws.socket.shutdownOutput();
            assertThat(ws.endsAfter()).isTrue();
        }
        othersStillEcho();
    }

    private static void othersStillEcho() throws IOException {
        bystander.send(RawWs.text("still here"));
        assertThat(bystander.readFrame().text()).isEqualTo("still here");
    }
}
