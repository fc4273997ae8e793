package io.getty.ws.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every WebSocket session of one end point shares: its side, the handshake it speaks and its limits.
 * Immutable; one instance per server or client, made by its builder.
 *
 * @param server           the server's handshake checks, or {@code null} on a client
 * @param pages            plain HTTP answers of a server: path → complete response bytes (empty on a client)
 * @param client           the client's request, or {@code null} on a server
 * @param deflate          permessage-deflate as this end wants it, or {@code null} when it is off
 * @param maxFrameSize     the most payload bytes one inbound data frame may carry; 0: the max message length
 * @param maxHandshakeSize the most bytes the handshake's HTTP head may take
 */
public record WsSettings(ServerHandshake server, Map<String, byte[]> pages, ClientRequest client,
                         PerMessageDeflate.Config deflate, int maxFrameSize, int maxHandshakeSize) {

    /**
     * What a client asks for.
     *
     * @param host         the {@code Host} value
     * @param target       the request target: path and query
     * @param subprotocols the subprotocols offered, most preferred first
     * @param headers      more header fields, in order
     */
    public record ClientRequest(String host, String target, List<String> subprotocols, Map<String, String> headers) {
        public ClientRequest {
            subprotocols = List.copyOf(subprotocols);
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers)); // in the caller's order
        }
    }

    public WsSettings {
        pages = Map.copyOf(pages);
    }

    public boolean isClient() {
        return client != null;
    }

    /** A complete {@code 200} response with {@code body}, closing the connection, for {@link #pages}. */
    public static byte[] pageResponse(String contentType, byte[] body) {
        byte[] head = ("HTTP/1.1 200 OK\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }
}
