package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import io.getty.ws.internal.ExtensionHeader.Extension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's side of the opening handshake (RFC 6455 section 4.2): decides whether a request read by
 * {@link UpgradeRequestParser} is a WebSocket upgrade this server accepts, and writes the response.
 *
 * <p>The checks, in order, and the status each failure answers with:
 * <ol>
 *   <li>version {@code HTTP/1.1} and method {@code GET} (4.2.1 items 1; RFC 6455 needs 1.1, and an upgrade
 *       of another method is not a handshake): 400;</li>
 *   <li>exactly one {@code Host} field (4.2.1 item 2; RFC 9112 section 3.2): 400;</li>
 *   <li>the path is one this server serves, when a set of paths is given: 404;</li>
 *   <li>{@code Upgrade} holds {@code websocket} and {@code Connection} holds {@code Upgrade}, compared
 *       case-insensitively (items 3, 4): 400;</li>
 *   <li>one {@code Sec-WebSocket-Key} that is 16 bytes in base64 (item 5): 400;</li>
 *   <li>{@code Sec-WebSocket-Version} is 13 (item 6): 400 when absent; 426 with
 *       {@code Sec-WebSocket-Version: 13} for another version (section 4.4);</li>
 *   <li>{@code Origin} is on the allow-list, when one is given (10.2): 403. A request without
 *       {@code Origin} passes: browsers, the clients that section protects against, always send it.</li>
 * </ol>
 * A malformed {@code Sec-WebSocket-Extensions} is a 400 when permessage-deflate is enabled (the only time
 * it is read). A head that is malformed or too large fails earlier, in the parser (400, 431); answer it
 * with {@link Reject#of}.
 *
 * <p>Accepted: the subprotocol is the first of this server's, in its order of preference, that the client
 * offered, or none when none match (4.2.2 lets the server choose none, and the client decide); the
 * extension is permessage-deflate as {@link PerMessageDeflate#negotiate} chose, or none. Thread-safe and
 * immutable: one instance serves every connection of an endpoint.
 */
public final class ServerHandshake {

    /** The GUID appended to the key for the accept value (section 1.3). */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The only protocol version there is (section 4.1). */
    public static final String VERSION = "13";

    private final Set<String> paths;
    private final List<String> subprotocols;
    private final Set<String> allowedOrigins;
    private final PerMessageDeflate.Config deflate;

    /**
     * @param paths          the request paths served (compared exactly, without the query); empty for any
     * @param subprotocols   the subprotocols this server speaks, most preferred first; may be empty
     * @param allowedOrigins the {@code Origin} values allowed, compared case-insensitively; empty for any
     * @param deflate        permessage-deflate as this server wants it, or {@code null} not to offer it
     */
    public ServerHandshake(Set<String> paths, List<String> subprotocols, Set<String> allowedOrigins,
                           PerMessageDeflate.Config deflate) {
        this.paths = Set.copyOf(paths);
        this.subprotocols = List.copyOf(subprotocols);
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : allowedOrigins) {
            origins.add(origin.toLowerCase(Locale.ROOT));
        }
        this.allowedOrigins = Set.copyOf(origins);
        this.deflate = deflate;
    }

    /** What {@link #validate} decided: the response to send, and what it means for the connection. */
    public sealed interface Outcome permits Accept, Reject {

        /** The response head (and, for an error, its short body) to write before anything else. */
        byte[] response();
    }

    /**
     * The upgrade is accepted: answer 101 and switch to frames.
     *
     * @param request     the request, for the application to see
     * @param acceptKey   the {@code Sec-WebSocket-Accept} value
     * @param subprotocol the subprotocol chosen, or {@code null}
     * @param deflate     permessage-deflate as agreed, or {@code null} when not in use
     */
    public record Accept(HttpRequestHead request, String acceptKey, String subprotocol,
                         PerMessageDeflate.Params deflate) implements Outcome {

        @Override
        public byte[] response() {
            StringBuilder out = new StringBuilder(160)
                    .append("HTTP/1.1 101 Switching Protocols\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Accept: ").append(acceptKey).append("\r\n");
            if (subprotocol != null) {
                out.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
            }
            if (deflate != null) {
                out.append("Sec-WebSocket-Extensions: ").append(deflate.headerValue()).append("\r\n");
            }
            return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The upgrade is refused: answer with {@code status} and close the connection.
     *
     * @param message a short explanation, sent as the body; it never quotes the request
     */
    public record Reject(int status, String message) implements Outcome {

        /** The rejection for a request the parser could not read. */
        public static Reject of(WebSocketHandshakeException failure) {
            return new Reject(failure.status(), failure.getMessage());
        }

        @Override
        public byte[] response() {
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder(200)
                    .append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reason(status)).append("\r\n");
            if (status == 426) { // RFC 9110 section 15.5.22 and RFC 6455 section 4.4
                out.append("Upgrade: websocket\r\n").append("Sec-WebSocket-Version: ").append(VERSION).append("\r\n");
            }
            out.append("Connection: close\r\n")
                    .append("Content-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] head = out.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] response = new byte[head.length + body.length];
            System.arraycopy(head, 0, response, 0, head.length);
            System.arraycopy(body, 0, response, head.length, body.length);
            return response;
        }
    }

    /** Checks {@code request} as the class comment says, and negotiates subprotocol and extension. */
    public Outcome validate(HttpRequestHead request) {
        HttpHeaders headers = request.headers();
        if (!"HTTP/1.1".equals(request.version())) {
            return new Reject(400, "a WebSocket handshake is an HTTP/1.1 request");
        }
        if (!"GET".equals(request.method())) {
            return new Reject(400, "a WebSocket handshake is a GET request");
        }
        if (headers.lines("Host") != 1) {
            return new Reject(400, "exactly one Host field is required");
        }
        if (!paths.isEmpty() && !paths.contains(request.path())) {
            return new Reject(404, "no WebSocket endpoint at this path");
        }
        if (!headers.containsToken("Upgrade", "websocket")) {
            return new Reject(400, "Upgrade: websocket is missing");
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            return new Reject(400, "Connection: Upgrade is missing");
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (key == null || headers.lines("Sec-WebSocket-Key") != 1 || !isValidKey(key)) {
            return new Reject(400, "Sec-WebSocket-Key is missing or not 16 bytes in base64");
        }
        String version = headers.get("Sec-WebSocket-Version");
        if (version == null) {
            return new Reject(400, "Sec-WebSocket-Version is missing");
        }
        if (!VERSION.equals(version)) {
            return new Reject(426, "this server speaks WebSocket version 13");
        }
        if (!allowedOrigins.isEmpty()) {
            String origin = headers.get("Origin");
            if (origin != null && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
                return new Reject(403, "origin not allowed");
            }
        }
        PerMessageDeflate.Params agreed = null;
        String extensions = headers.get("Sec-WebSocket-Extensions");
        if (deflate != null && extensions != null) {
            List<Extension> offers;
            try {
                offers = ExtensionHeader.parse(extensions);
            } catch (IllegalArgumentException e) {
                return new Reject(400, "malformed Sec-WebSocket-Extensions");
            }
            agreed = PerMessageDeflate.negotiate(offers, deflate);
        }
        return new Accept(request, acceptKey(key), chooseSubprotocol(headers), agreed);
    }

    /** The {@code Sec-WebSocket-Accept} value for {@code key}: base64(SHA-1(key + GUID)) (section 4.2.2). */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Whether {@code key} is 16 bytes in base64 (section 4.1 item 7): 24 characters that decode to 16 bytes. */
    static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String chooseSubprotocol(HttpHeaders headers) {
        List<String> offered = headers.list("Sec-WebSocket-Protocol");
        for (String mine : subprotocols) {
            if (offered.contains(mine)) {
                return mine;
            }
        }
        return null;
    }
}
