package io.getty.core;

/** A layer's handshake (TLS, WebSocket upgrade) did not complete within its timeout. */
public class HandshakeTimeoutException extends HandshakeException {
    private static final long serialVersionUID = 1L;

    public HandshakeTimeoutException(String message) {
        super(message);
    }
}
