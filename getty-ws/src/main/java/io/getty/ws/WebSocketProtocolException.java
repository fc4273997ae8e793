package io.getty.ws;

import io.getty.core.DecodeException;

/**
 * The peer broke RFC 6455 or RFC 7692, or sent more than this end accepts. It carries the close code sent
 * to the peer before closing (RFC 6455 section 7.4.1): 1002 (protocol error) for a malformed frame, 1007
 * (invalid frame payload data) for a text message that is not UTF-8 or compressed data that does not
 * inflate, 1009 (message too big) for a message above the limit.
 */
public final class WebSocketProtocolException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public WebSocketProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public WebSocketProtocolException(int closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** The close code sent to the peer in the close frame that answers this failure. */
    public int closeCode() {
        return closeCode;
    }
}
