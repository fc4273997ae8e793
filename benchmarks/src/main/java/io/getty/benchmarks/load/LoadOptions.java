package io.getty.benchmarks.load;

/**
 * What one load run does. Built from the command line by {@link LoadCommand} or directly by tests;
 * {@link #validate()} rejects combinations that cannot work before any socket is opened.
 */
public record LoadOptions(
        String host,
        int port,
        int connections,
        int depth,
        int size,
        double warmupSeconds,
        double seconds,
        int stallMillis,
        int connectBatch,
        int connectTimeoutMillis,
        String webSocketPath) {

    /** A length-field run (no WebSocket). */
    public LoadOptions(String host, int port, int connections, int depth, int size, double warmupSeconds,
                       double seconds, int stallMillis, int connectBatch, int connectTimeoutMillis) {
        this(host, port, connections, depth, size, warmupSeconds, seconds, stallMillis, connectBatch,
                connectTimeoutMillis, null);
    }

    /** The Netty baseline's LengthFieldBasedFrameDecoder limit; the 4-byte length counts against it. */
    public static final int MAX_FRAME = 1 << 20;
    /**
     * Send plus receive buffers of all connections are direct memory, limited by default to -Xmx
     * (256 MiB in run.sh); stay well below it.
     */
    static final long MAX_BUFFER_BYTES = 128L << 20;

    /** Defaults for everything but the port; tests override what they need. */
    public static LoadOptions defaults(int port) {
        return new LoadOptions("127.0.0.1", port, 1, 1, 64, 2, 10, 2000, 128, 5000);
    }

    public LoadOptions withConnections(int c) {
        return new LoadOptions(host, port, c, depth, size, warmupSeconds, seconds, stallMillis, connectBatch, connectTimeoutMillis, webSocketPath);
    }

    public LoadOptions withDepth(int d) {
        return new LoadOptions(host, port, connections, d, size, warmupSeconds, seconds, stallMillis, connectBatch, connectTimeoutMillis, webSocketPath);
    }

    public LoadOptions withSize(int s) {
        return new LoadOptions(host, port, connections, depth, s, warmupSeconds, seconds, stallMillis, connectBatch, connectTimeoutMillis, webSocketPath);
    }

    public LoadOptions withTiming(double warmup, double measured) {
        return new LoadOptions(host, port, connections, depth, size, warmup, measured, stallMillis, connectBatch, connectTimeoutMillis, webSocketPath);
    }

    public LoadOptions withStallMillis(int ms) {
        return new LoadOptions(host, port, connections, depth, size, warmupSeconds, seconds, ms, connectBatch, connectTimeoutMillis, webSocketPath);
    }

    /** Speaks WebSocket to {@code path} instead of length-prefixed frames. */
    public LoadOptions withWebSocket(String path) {
        return new LoadOptions(host, port, connections, depth, size, warmupSeconds, seconds, stallMillis, connectBatch,
                connectTimeoutMillis, path);
    }

    /** Whether the run speaks WebSocket: binary messages, masked as a client's must be. */
    public boolean webSocket() {
        return webSocketPath != null;
    }

    /** Bytes on the wire of one frame sent: the 4-byte length, or a masked WebSocket header, plus the payload. */
    public int sendFrameBytes() {
        return webSocket() ? webSocketHeader(size, true) + size : 4 + size;
    }

    /** Bytes on the wire of one echo: the 4-byte length, or an unmasked WebSocket header, plus the payload. */
    public int echoFrameBytes() {
        return webSocket() ? webSocketHeader(size, false) + size : 4 + size;
    }

    /** The larger of a sent frame and an echo, for sizing buffers. */
    public int frameBytes() {
        return Math.max(sendFrameBytes(), echoFrameBytes());
    }

    /** RFC 6455 section 5.2: 2 bytes, an extended length of 0, 2 or 8, and a 4-byte masking key when masked. */
    static int webSocketHeader(int payload, boolean masked) {
        int n = payload <= 125 ? 2 : payload <= 0xFFFF ? 4 : 10;
        return masked ? n + 4 : n;
    }

    /**
     * Checks every field and what they need together.
     *
     * @throws IllegalArgumentException naming the flag to change
     */
    public void validate() {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be in [1, 65535], got " + port);
        }
        if (connections < 1 || depth < 1) {
            throw new IllegalArgumentException("--connections and --depth must be at least 1");
        }
        if (size < Payload.MIN_SIZE || size > MAX_FRAME - 4) {
            throw new IllegalArgumentException("--size must be in [" + Payload.MIN_SIZE + ", " + (MAX_FRAME - 4)
                    + "] (the payload carries a connection id and a sequence number; frames are at most 1 MiB)");
        }
        if (warmupSeconds < 0 || seconds <= 0) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --seconds > 0");
        }
        if (webSocketPath != null && !webSocketPath.startsWith("/")) {
            throw new IllegalArgumentException("--websocket takes a path starting with '/'");
        }
        if (stallMillis < 1 || connectBatch < 1 || connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("--stall-ms, --connect-batch and --connect-timeout-ms must be positive");
        }
        long perConnection = (long) depth * frameBytes() + LoadConnection.receiveBufferBytes(depth, frameBytes());
        if (perConnection * connections > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("connections x depth x frame size needs "
                    + (perConnection * connections >> 20) + " MiB of buffers, more than "
                    + (MAX_BUFFER_BYTES >> 20) + " MiB; lower --connections, --depth or --size");
        }
    }
}
