package io.getty.ws;

import io.getty.core.GettyException;

/**
 * An opening handshake (RFC 6455 section 4) that cannot go on: a request this server refuses, or a response
 * this client refuses. On the server side {@link #status()} is the HTTP status answered with; on the
 * client side it is the status the server sent, or 0 when the response was not even readable.
 */
public final class WebSocketHandshakeException extends GettyException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WebSocketHandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: sent (server side) or received (client side); 0 when there is none. */
    public int status() {
        return status;
    }
}
