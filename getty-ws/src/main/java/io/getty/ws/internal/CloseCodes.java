package io.getty.ws.internal;

import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Close status codes (RFC 6455 section 7.4) and the close frame's payload: an optional 2-byte code followed
 * by a UTF-8 reason (section 5.5.1).
 *
 * <p>Which codes may appear in a close frame, sent or received (one rule for both directions, since a
 * code that may not be sent is one a peer must not send either):
 * <ul>
 *   <li>0-999: never used (7.4.2). Invalid.</li>
 *   <li>1000-1003, 1007-1011: defined by RFC 6455 (7.4.1). Valid.</li>
 *   <li>1004: reserved (7.4.1); 1005, 1006, 1015: "MUST NOT be set as a status code in a Close control
 *       frame" (7.4.1). Invalid on the wire; 1005 and 1006 are what a layer reports locally for a close
 *       frame without a code and for a connection lost without one.</li>
 *   <li>1012 (Service Restart), 1013 (Try Again Later), 1014 (Bad Gateway): registered in the IANA
 *       "WebSocket Close Code Number Registry" (11.7) after RFC 6455 was published, and sent by servers in
 *       use today; rejecting them would fail healthy connections. Valid (Netty and browsers accept them).</li>
 *   <li>1016-2999: reserved for future revisions of the protocol and extensions (7.4.2), unassigned in the
 *       registry. Invalid: an endpoint cannot know what they mean.</li>
 *   <li>3000-3999 (registered for libraries and frameworks), 4000-4999 (private use) (7.4.2). Valid.</li>
 *   <li>5000 and up: outside every range RFC 6455 defines. Invalid.</li>
 * </ul>
 * A received close frame with an invalid code, a payload of 1 byte, or a reason that is not UTF-8 fails
 * the connection with 1002 (or 1007 for the reason), as RFC 6455 sections 5.5.1, 7.1.5 and 8.1 require.
 */
public final class CloseCodes {

    public static final int NORMAL_CLOSURE = 1000;
    public static final int PROTOCOL_ERROR = 1002;
    /** Reported locally when a close frame carried no code (7.1.5); never sent. */
    public static final int NO_STATUS_RECEIVED = 1005;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int MESSAGE_TOO_BIG = 1009;

    /** The longest reason: 125 payload bytes of a control frame less the 2-byte code. */
    public static final int MAX_REASON_LENGTH = Frames.MAX_CONTROL_PAYLOAD - 2;

    private CloseCodes() {
    }

    /** Whether {@code code} may be carried by a close frame, in either direction (see the class comment). */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * A received close frame's payload, read: a code and a reason.
     *
     * @param code   the status code, or {@link #NO_STATUS_RECEIVED} when the payload was empty
     * @param reason the reason, empty when there was none
     */
    public record Close(int code, String reason) {
    }

    /**
     * Reads a received close frame's payload, the bytes between {@code payload}'s position and limit (its
     * position is left alone). Runs once per connection, so it may allocate the reason.
     *
     * @throws WebSocketProtocolException 1002 for a 1-byte payload or a code invalid on the wire, 1007 for
     *     a reason that is not UTF-8
     */
    public static Close parse(ByteBuffer payload) {
        int length = payload.remaining();
        if (length == 0) {
            return new Close(NO_STATUS_RECEIVED, "");
        }
        if (length == 1) {
            throw new WebSocketProtocolException(PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int start = payload.position();
        int code = ((payload.get(start) & 0xFF) << 8) | (payload.get(start + 1) & 0xFF);
        if (!isValidOnWire(code)) {
            throw new WebSocketProtocolException(PROTOCOL_ERROR, "close code " + code + " is not valid on the wire");
        }
        Utf8Validator utf8 = new Utf8Validator();
        if (!utf8.validate(payload, start + 2, payload.limit()) || !utf8.isComplete()) {
            throw new WebSocketProtocolException(INVALID_PAYLOAD, "close reason is not UTF-8");
        }
        byte[] reason = new byte[length - 2];
        payload.get(start + 2, reason);
        return new Close(code, new String(reason, StandardCharsets.UTF_8));
    }

    /**
     * The payload of a close frame to send: the code and the reason in UTF-8.
     *
     * @throws IllegalArgumentException when the code may not be sent or the reason is longer than
     *     {@link #MAX_REASON_LENGTH} bytes in UTF-8
     */
    public static byte[] payload(int code, String reason) {
        if (!isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("close reason of " + text.length + " bytes; at most "
                    + MAX_REASON_LENGTH + " fit in a control frame");
        }
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }
}
