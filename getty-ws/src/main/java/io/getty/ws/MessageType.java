package io.getty.ws;

/** The two kinds of WebSocket data message (RFC 6455 section 5.6): UTF-8 text, or binary data. */
public enum MessageType {
    /** A text message: its payload is UTF-8, checked by getty on the way in. */
    TEXT,
    /** A binary message: any bytes. */
    BINARY
}
