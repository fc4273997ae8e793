package io.getty.ws;

import io.getty.core.AttributeKey;
import io.getty.core.Session;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a session's opening handshake said (RFC 6455 section 4): the request's path, query and header fields,
 * and what the two ends agreed on. Set before {@code onOpen} runs and kept for the session's life, so a
 * listener can route or authenticate a session when it opens:
 *
 * <pre>{@code
 * public void onOpen(Session s) {
 *     WebSocketInfo ws = WebSocketInfo.of(s);
 *     if (!tokens.valid(ws.header("Authorization"))) throw new IllegalStateException("refused"); // closes it
 *     String room = ws.query();                                  // "room=7" for ws://host/chat?room=7
 * }
 * }</pre>
 *
 * @param path        the request's path, without the query ({@code /chat}), as sent (not percent-decoded)
 * @param query       the request's query, without the {@code ?}, or {@code null} when there is none
 * @param headers     the peer's header fields: the request's on a server, the 101 response's on a client; names
 *                    compare case-insensitively, and a field sent on several lines is one value joined by
 *                    {@code ", "}
 * @param subprotocol the subprotocol agreed on ({@code Sec-WebSocket-Protocol}), or {@code null}
 * @param extensions  the extensions agreed on as the response stated them
 *                    ({@code "permessage-deflate; server_no_context_takeover"}), or {@code null} when none
 */
public record WebSocketInfo(String path, String query, Map<String, String> headers, String subprotocol,
                            String extensions) {

    /** The session attribute that holds a WebSocket session's {@code WebSocketInfo}; getty sets it. */
    public static final AttributeKey<WebSocketInfo> ATTRIBUTE = AttributeKey.of("getty.webSocket");

    public WebSocketInfo {
        Objects.requireNonNull(path, "path");
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
    }

    /** The value of header field {@code name} (any case), or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Whether messages are compressed (permessage-deflate, RFC 7692). */
    public boolean compressed() {
        return extensions != null;
    }

    /**
     * What {@code session}'s handshake said, or {@code null} if the session does not speak WebSocket (or,
     * before {@code onOpen}, has not finished its handshake).
     */
    public static WebSocketInfo of(Session session) {
        return session.attribute(ATTRIBUTE);
    }
}
