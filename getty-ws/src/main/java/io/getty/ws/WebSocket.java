package io.getty.ws;

import io.getty.core.Session;
import io.getty.ws.internal.CloseCodes;
import io.getty.ws.internal.WebSocketLayer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a session that speaks WebSocket can do beyond any session: close with a status code, and tell what
 * type the message being read is and how the peer closed. Every method takes the session; each throws
 * {@link IllegalArgumentException} for a session that is not a WebSocket one.
 */
public final class WebSocket {

    private WebSocket() {
    }

    /**
     * The type of the message being read, for a {@code PkgReader} (it is valid during
     * {@code PkgReader.read} only: the session reads one message per call).
     */
    public static MessageType messageType(Session session) {
        return layer(session).inboundType();
    }

    /**
     * Closes gracefully, as {@link Session#close()} does, with this status code and reason in the close
     * frame (RFC 6455 section 7.4; {@code close()} alone sends 1000, normal closure). Any thread; idempotent
     * (the first close decides the code).
     *
     * @param code   1000-1003, 1007-1014 or 3000-4999 (codes that may be sent)
     * @param reason at most 123 bytes in UTF-8
     * @throws IllegalArgumentException for a code that may not be sent or a reason too long
     */
    public static void close(Session session, int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (!CloseCodes.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > CloseCodes.MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a close reason holds at most " + CloseCodes.MAX_REASON_LENGTH
                    + " bytes in UTF-8");
        }
        layer(session).closeWith(code, reason);
    }

    /**
     * The close frame the peer sent, or {@code null} when none has arrived (the session is open, or the
     * connection ended without one: RFC 6455 calls that 1006, abnormal closure). Any thread; final from
     * {@code onClose} on.
     */
    public static CloseStatus closeStatus(Session session) {
        return layer(session).peerClose();
    }

    private static WebSocketLayer layer(Session session) {
        WebSocketLayer layer = session.attribute(WebSocketLayer.ATTRIBUTE);
        if (layer == null) {
            throw new IllegalArgumentException(session + " does not speak WebSocket");
        }
        return layer;
    }
}
