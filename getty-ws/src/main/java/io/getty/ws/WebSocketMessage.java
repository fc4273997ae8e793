package io.getty.ws;

import java.util.Objects;

/**
 * An outbound message whose type (text or binary) and framing are chosen explicitly, wrapped around the
 * packet that the session's {@code PkgWriter} encodes. Without it, a packet that is a {@link CharSequence}
 * goes out as a text message and any other packet as a binary one, each whole, in one frame.
 *
 * <pre>{@code
 * session.writePkg(WebSocketMessage.text(jsonObject));            // a user codec's packet, sent as text
 * session.writePkg(WebSocketMessage.fragment(MessageType.BINARY, part1, false));   // a message in three
 * session.writePkg(WebSocketMessage.fragment(MessageType.BINARY, part2, false));   // frames: the first
 * session.writePkg(WebSocketMessage.fragment(MessageType.BINARY, part3, true));    // says the type
 * }</pre>
 *
 * <p>Fragments: each write of a fragment becomes one frame (RFC 6455 section 5.4; with permessage-deflate, one
 * or more), and the message ends with the fragment whose {@code last} is true. While a fragmented message is
 * open, a write that is not one of its fragments fails (with an {@code EncodeException}) and the session goes
 * on; control frames (pings, pongs) are still sent between the fragments. The type of the later fragments is
 * that of the first.
 */
public final class WebSocketMessage {
    private final MessageType type;
    private final Object payload;
    private final boolean last;

    private WebSocketMessage(MessageType type, Object payload, boolean last) {
        this.type = Objects.requireNonNull(type, "type");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.last = last;
    }

    /** A whole text message: the writer's encoding of {@code payload} must be UTF-8. */
    public static WebSocketMessage text(Object payload) {
        return new WebSocketMessage(MessageType.TEXT, payload, true);
    }

    /** A whole binary message. */
    public static WebSocketMessage binary(Object payload) {
        return new WebSocketMessage(MessageType.BINARY, payload, true);
    }

    /** One fragment of a message of {@code type}; {@code last} ends the message. */
    public static WebSocketMessage fragment(MessageType type, Object payload, boolean last) {
        return new WebSocketMessage(type, payload, last);
    }

    /** Text or binary; for a fragment after the first, its message's type is the first fragment's. */
    public MessageType type() {
        return type;
    }

    /** What the session's {@code PkgWriter} encodes as this message's (or fragment's) payload. */
    public Object payload() {
        return payload;
    }

    /** Whether this ends its message (always true for {@link #text} and {@link #binary}). */
    public boolean isLast() {
        return last;
    }

    @Override
    public String toString() {
        return "WebSocketMessage(" + type + (last ? "" : ", fragment") + ", " + payload + ")";
    }
}
