package io.getty.tcp;

/**
 * The socket options of a TCP session. Immutable.
 *
 * @param tcpNoDelay TCP_NODELAY: send small packets at once instead of waiting to coalesce them (Nagle).
 *                   Default on: getty already coalesces a loop pass's writes into one gathering write.
 * @param keepAlive SO_KEEPALIVE. Default off: use {@code onCron} heartbeats, which see dead peers in seconds.
 * @param receiveBufferSize SO_RCVBUF in bytes, 0 (the default) for the system's (auto-tuned on Linux)
 * @param sendBufferSize SO_SNDBUF in bytes, 0 (the default) for the system's (auto-tuned on Linux)
 */
public record SocketOptions(boolean tcpNoDelay, boolean keepAlive, int receiveBufferSize, int sendBufferSize) {

    public static final SocketOptions DEFAULT = new SocketOptions(true, false, 0, 0);

    public SocketOptions {
        if (receiveBufferSize < 0 || sendBufferSize < 0) {
            throw new IllegalArgumentException("buffer sizes must be >= 0 (0 = system default): "
                    + receiveBufferSize + ", " + sendBufferSize);
        }
    }

    public SocketOptions withTcpNoDelay(boolean on) {
        return new SocketOptions(on, keepAlive, receiveBufferSize, sendBufferSize);
    }

    public SocketOptions withKeepAlive(boolean on) {
        return new SocketOptions(tcpNoDelay, on, receiveBufferSize, sendBufferSize);
    }

    public SocketOptions withReceiveBufferSize(int bytes) {
        return new SocketOptions(tcpNoDelay, keepAlive, bytes, sendBufferSize);
    }

    public SocketOptions withSendBufferSize(int bytes) {
        return new SocketOptions(tcpNoDelay, keepAlive, receiveBufferSize, bytes);
    }
}
