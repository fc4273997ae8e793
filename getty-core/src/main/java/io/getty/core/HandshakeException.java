package io.getty.core;

/**
 * A session could not be opened because a layer's handshake failed (a TLS handshake, a WebSocket upgrade):
 * the peer's bytes were not what the protocol allows, or a check (certificate, origin, path) refused them.
 * The session never opened, so its listener hears nothing; a client's connect future fails with this.
 */
public class HandshakeException extends GettyException {
    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }

    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
