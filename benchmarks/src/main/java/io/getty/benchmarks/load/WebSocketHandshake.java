package io.getty.benchmarks.load;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's opening handshake (RFC 6455 section 4.1) on a connected channel, before the load starts:
 * sent and read in blocking mode, one connection after another, then the channel is non-blocking again.
 * The 101 must carry the right {@code Sec-WebSocket-Accept}; the load's frames follow on the same bytes.
 */
public final class WebSocketHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 8192;

    private WebSocketHandshake() {
    }

    /** Upgrades {@code channel} to WebSocket at {@code path}, or throws saying why not. */
    public static void perform(SocketChannel channel, String host, int port, String path, int timeoutMillis)
            throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        channel.configureBlocking(true);
        channel.socket().setSoTimeout(timeoutMillis);
        try {
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            String head = readHead(channel);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("the server answered " + head.lines().findFirst().orElse("nothing"));
            }
            String accept = acceptKey(key);
            boolean accepted = head.lines().anyMatch(line -> line.toLowerCase(Locale.ROOT)
                    .startsWith("sec-websocket-accept:") && line.substring(line.indexOf(':') + 1).trim().equals(accept));
            if (!accepted) {
                throw new IOException("the 101 lacks the right Sec-WebSocket-Accept");
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no 101 within " + timeoutMillis + " ms", e);
        } finally {
            channel.configureBlocking(false);
        }
    }

    /**
     * The response head, byte by byte up to its empty line, so that no frame after it is taken: the server
     * sends nothing more before the first frame of the load, so reading one byte at a time costs only the
     * handshake.
     */
    private static String readHead(SocketChannel channel) throws IOException {
        StringBuilder head = new StringBuilder();
        java.io.InputStream in = channel.socket().getInputStream(); // honours the socket timeout
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            if (head.length() == MAX_HEAD) {
                throw new IOException("the handshake response is longer than " + MAX_HEAD + " bytes");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
