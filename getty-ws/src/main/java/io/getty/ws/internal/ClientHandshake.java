package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import io.getty.ws.internal.ExtensionHeader.Extension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client's side of the opening handshake (RFC 6455 section 4.1): writes the upgrade request, then
 * decides whether the response read by {@link UpgradeResponseParser} accepts it.
 *
 * <pre>
 *   GET /chat HTTP/1.1
 *   Host: server.example.com
 *   Upgrade: websocket
 *   Connection: Upgrade
 *   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
 *   Sec-WebSocket-Version: 13
 *   Sec-WebSocket-Protocol: chat, superchat          (when subprotocols are offered)
 *   Sec-WebSocket-Extensions: permessage-deflate     (when compression is offered)
 *   Origin: http://example.com                       (extra fields, in the order given)
 * </pre>
 *
 * The response must be {@code HTTP/1.1 101}, with {@code Upgrade: websocket}, {@code Connection: Upgrade},
 * the right {@code Sec-WebSocket-Accept}, at most one subprotocol and only if it was offered, and only
 * the extension offered (section 4.1, the client's requirements on the response). Anything else is a
 * {@link WebSocketHandshakeException} carrying the status received. One instance per connection attempt: it holds
 * that attempt's key.
 */
public final class ClientHandshake {

    /** Fields the handshake writes itself, which extra fields may not replace. */
    private static final Set<String> RESERVED = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "content-length",
            "transfer-encoding");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host;
    private final String target;
    private final List<String> subprotocols;
    private final PerMessageDeflate.Config deflate;
    private final Map<String, String> extraHeaders;
    private final String key;

    /**
     * @param host         the {@code Host} value: the server's host, and {@code :port} when not the default
     * @param target       the request target: a path starting with {@code /}, and a query
     * @param subprotocols the subprotocols to offer, most preferred first; may be empty
     * @param deflate      permessage-deflate to offer, or {@code null} not to
     * @param extraHeaders more fields to send ({@code Origin}, {@code Authorization}, cookies), in order
     * @param key          the {@code Sec-WebSocket-Key}: {@link #newKey()} for every attempt
     * @throws IllegalArgumentException for a target, subprotocol or field that would not be valid HTTP, or
     *     an extra field the handshake writes itself
     */
    public ClientHandshake(String host, String target, List<String> subprotocols, PerMessageDeflate.Config deflate,
                           Map<String, String> extraHeaders, String key) {
        checkValue("host", host);
        if (!target.startsWith("/") || !target.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '#')) {
            throw new IllegalArgumentException("target must be a path and query: " + target);
        }
        for (String subprotocol : subprotocols) {
            if (!HttpHeadReader.isToken(subprotocol)) {
                throw new IllegalArgumentException("subprotocol is not a token: " + subprotocol);
            }
        }
        for (Map.Entry<String, String> field : extraHeaders.entrySet()) {
            if (!HttpHeadReader.isToken(field.getKey())
                    || RESERVED.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("field name not allowed: " + field.getKey());
            }
            checkValue(field.getKey(), field.getValue());
        }
        if (!ServerHandshake.isValidKey(key)) {
            throw new IllegalArgumentException("key is not 16 bytes in base64");
        }
        this.host = host;
        this.target = target;
        this.subprotocols = List.copyOf(subprotocols);
        this.deflate = deflate;
        this.extraHeaders = new LinkedHashMap<>(extraHeaders);
        this.key = key;
    }

    /** A fresh key: 16 random bytes in base64 (section 4.1 item 7; from a {@link SecureRandom}, section 10.3). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The upgrade request's bytes, to write first on the connection. */
    public byte[] request() {
        StringBuilder out = new StringBuilder(256)
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: ").append(ServerHandshake.VERSION).append("\r\n");
        if (!subprotocols.isEmpty()) {
            out.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        }
        if (deflate != null) {
            out.append("Sec-WebSocket-Extensions: ").append(PerMessageDeflate.offer(deflate)).append("\r\n");
        }
        for (Map.Entry<String, String> field : extraHeaders.entrySet()) {
            out.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The server accepted the upgrade.
     *
     * @param subprotocol the subprotocol the server chose, or {@code null}
     * @param deflate     permessage-deflate as agreed, or {@code null} when not in use
     */
    public record Result(String subprotocol, PerMessageDeflate.Params deflate) {
    }

    /**
     * Checks the server's response.
     *
     * @throws WebSocketHandshakeException when it does not accept the upgrade as offered; its status is the one
     *     received
     */
    public Result validate(HttpResponseHead response) {
        int status = response.status();
        if (status != 101) {
            throw new WebSocketHandshakeException(status, "the server answered " + status + " instead of 101");
        }
        HttpHeaders headers = response.headers();
        if (!"HTTP/1.1".equals(response.version())) {
            throw new WebSocketHandshakeException(status, "the response is not HTTP/1.1");
        }
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw new WebSocketHandshakeException(status, "Upgrade: websocket is missing");
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            throw new WebSocketHandshakeException(status, "Connection: Upgrade is missing");
        }
        if (!ServerHandshake.acceptKey(key).equals(headers.get("Sec-WebSocket-Accept"))) {
            throw new WebSocketHandshakeException(status, "Sec-WebSocket-Accept does not match the key");
        }
        String subprotocol = headers.get("Sec-WebSocket-Protocol");
        if (subprotocol != null
                && (headers.lines("Sec-WebSocket-Protocol") != 1 || !subprotocols.contains(subprotocol))) {
            throw new WebSocketHandshakeException(status, "the server chose a subprotocol that was not offered");
        }
        return new Result(subprotocol, agreedDeflate(headers, status));
    }

    private PerMessageDeflate.Params agreedDeflate(HttpHeaders headers, int status) {
        String value = headers.get("Sec-WebSocket-Extensions");
        if (value == null) {
            return null;
        }
        List<Extension> extensions;
        try {
            extensions = ExtensionHeader.parse(value);
        } catch (IllegalArgumentException e) {
            throw new WebSocketHandshakeException(status, "malformed Sec-WebSocket-Extensions");
        }
        if (extensions.isEmpty()) {
            return null;
        }
        if (deflate == null || extensions.size() != 1) {
            throw new WebSocketHandshakeException(status, "the server chose extensions that were not offered");
        }
        return PerMessageDeflate.accept(extensions.get(0), deflate);
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7F) {
                throw new IllegalArgumentException("value of " + name + " holds a character not allowed");
            }
        }
    }
}
