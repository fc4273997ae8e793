package io.getty.benchmarks.net;

/**
 * What carries the echo servers' length-field frames between the framing and the socket: the bytes as they
 * are, TLS ({@link BenchmarkTls}), or a raw DEFLATE stream at best speed each way, flushed once per batch of
 * frames written together (getty's {@code Compression.deflate(BEST_SPEED)}; Netty's {@code JdkZlibEncoder} behind
 * a batcher that gathers a flush's frames). Servers and the load generator must agree.
 */
public enum Wire {
    /** The frames as they are. */
    PLAIN,
    /** TLS 1.3 with one cipher suite: {@link BenchmarkTls}. */
    TLS,
    /** Raw DEFLATE (RFC 1951, no header) at level 1, {@code SYNC_FLUSH}ed once per batch of frames written. */
    DEFLATE;

    /** The wire {@code --tls} and {@code --compression} ask for; the two together are not measured. */
    public static Wire of(boolean tls, boolean deflate) {
        if (tls && deflate) {
            throw new IllegalArgumentException("--tls and --compression deflate are not measured together; give one");
        }
        return tls ? TLS : deflate ? DEFLATE : PLAIN;
    }
}
