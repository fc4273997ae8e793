package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.Reconnect;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our client against a raw server that answers badly: a handshake it must refuse (the connect future fails with
 * the reason, and the session never opens), or frames a server must not send (the client closes with 1002).
 */
@Timeout(60)
class ClientBadServerTest {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private ServerSocket listener;
    private WsClient client;
    private final WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
            client.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        listener.close();
    }

    /** What the raw server says after reading the client's request, given the key's right accept value. */
    interface Answer {
        void answer(OutputStream out, String accept) throws IOException;
    }

    static Stream<Arguments> badHandshakes() {
        return Stream.of(
                Arguments.of("a wrong Sec-WebSocket-Accept", (Answer) (out, accept) ->
                        send(out, switching("Sec-WebSocket-Accept: " + accept.replace(accept.charAt(0), '_')))),
                Arguments.of("an extension that was not offered", (Answer) (out, accept) ->
                        send(out, switching("Sec-WebSocket-Accept: " + accept,
                                "Sec-WebSocket-Extensions: permessage-deflate"))),
                Arguments.of("a subprotocol that was not offered", (Answer) (out, accept) ->
                        send(out, switching("Sec-WebSocket-Accept: " + accept, "Sec-WebSocket-Protocol: chat"))),
                Arguments.of("no Upgrade field", (Answer) (out, accept) ->
                        send(out, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")),
                Arguments.of("200 instead of 101", (Answer) (out, accept) ->
                        send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")),
                Arguments.of("not HTTP", (Answer) (out, accept) -> send(out, "HELLO THERE\r\n\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHandshakes")
    void aBadHandshakeFailsTheConnectFutureWithItsReason(String name, Answer answer) throws Exception {
        CompletableFuture<Void> served = serveOnce((in, out) -> answer.answer(out, acceptFor(readHead(in))));
        startClient(Duration.ofSeconds(10));
        assertThatThrownBy(() -> client.connectFuture().get(10, TimeUnit.SECONDS)).as(name)
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        served.get(10, TimeUnit.SECONDS);
        assertThat(recorder.opened).as("never opened").isEmpty();
    }

    @Test
    void aServerThatEndsTheConnectionInsideItsAnswerFailsTheHandshake() throws Exception {
        serveOnce((in, out) -> {
            readHead(in);
            send(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"); // and no more
        });
        startClient(Duration.ofSeconds(10));
        assertThatThrownBy(() -> client.connectFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(recorder.opened).isEmpty();
    }

    @Test
    void aSilentServerFailsTheHandshakeAtTheTimeout() throws Exception {
        CompletableFuture<Void> silence = new CompletableFuture<>();
        serveOnce((in, out) -> {
            readHead(in);
            try {
                silence.get(20, TimeUnit.SECONDS); // says nothing until the test ends
            } catch (Exception e) {
                // the test is over
            }
        });
        long start = System.nanoTime();
        startClient(Duration.ofMillis(500));
        assertThatThrownBy(() -> client.connectFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(recorder.opened).isEmpty();
        silence.complete(null);
    }

    static Stream<Arguments> badServerFrames() {
        return Stream.of(
                Arguments.of("a masked frame", RawWs.frame(0x81, "hi".getBytes(StandardCharsets.UTF_8), true)),
                Arguments.of("RSV2 set", RawWs.frame(0xA1, "hi".getBytes(StandardCharsets.UTF_8), false)),
                Arguments.of("reserved opcode 3", RawWs.frame(0x83, "hi".getBytes(StandardCharsets.UTF_8), false)),
                Arguments.of("a ping of 126 bytes", RawWs.frame(0x89, new byte[126], false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerFrames")
    void aFrameAServerMustNotSendIsAnsweredWith1002(String name, byte[] frame) throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        serveOnce((in, out) -> {
            send(out, switching("Sec-WebSocket-Accept: " + acceptFor(readHead(in))));
            out.write(frame);
            out.flush();
            closeCode.complete(readCloseCode(new DataInputStream(in)));
        });
        startClient(Duration.ofSeconds(10));
        client.connectFuture().get(10, TimeUnit.SECONDS);
        assertThat(closeCode.get(10, TimeUnit.SECONDS)).as(name).isEqualTo(1002);
        assertThat(recorder.errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(WebSocketProtocolException.class);
        assertThat(recorder.messages).isEmpty();
    }

    // ---------------------------------------------------------------- the raw server

    interface Exchange {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    /** Listens, and on the first connection runs {@code exchange}; the future completes when it is done. */
    private CompletableFuture<Void> serveOnce(Exchange exchange) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        return CompletableFuture.runAsync(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                exchange.run(s.getInputStream(), s.getOutputStream());
                s.shutdownOutput();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void startClient(Duration handshakeTimeout) {
        client = WsClient.builder().uri(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/echo"))
                .reconnect(Reconnect.never()).handshakeTimeout(handshakeTimeout)
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client ended its request early");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String acceptFor(String requestHead) throws NoSuchAlgorithmException {
        Matcher key = KEY.matcher(requestHead);
        assertThat(key.find()).as("the request has a key: %s", requestHead).isTrue();
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((key.group(1) + GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
    }

    private static String switching(String... fields) {
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n");
        for (String field : fields) {
            head.append(field).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads the client's frames (masked, as a client's are) until its close frame, and returns its code. */
    private static int readCloseCode(DataInputStream in) throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b1 & 0x80).as("a client frame is masked").isNotZero();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if ((b0 & 0x0F) == 8) {
                return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
            }
        }
    }
}
