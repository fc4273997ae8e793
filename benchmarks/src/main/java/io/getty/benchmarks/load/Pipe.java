package io.getty.benchmarks.load;

import io.getty.benchmarks.net.BenchmarkTls;
import io.getty.benchmarks.net.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;

/**
 * What lies between a {@link LoadConnection}'s frames and its socket: nothing ({@link PlainPipe}), TLS
 * ({@link TlsPipe}) or a DEFLATE stream each way ({@link DeflatePipe}). The connection reads and writes
 * plaintext through it as it would through the channel; like the connection, a pipe allocates nothing per
 * message of its own (TLS: the JDK's engine allocates a result per call).
 */
interface Pipe {

    /**
     * Reads what the socket has, once, and puts what plaintext it can into {@code dst} (fill mode).
     *
     * @return plaintext bytes put, or -1 at the end of the stream
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Puts more plaintext from what {@link #read} took from the socket but could not fit into {@code dst};
     * does not read the socket. 0 when there is none.
     */
    int drain(ByteBuffer dst) throws IOException;

    /** Whether {@link #drain} may have more after {@code dst} filled up. */
    boolean hasBufferedInput();

    /**
     * Sends what it can of {@code src} (read mode), consuming it as it goes.
     *
     * @return whether bytes wait for the socket to take them: the connection then asks for OP_WRITE
     */
    boolean write(ByteBuffer src) throws IOException;

    /** Whether the pipe's own exchange (a TLS handshake) is done, so that frames go through at once. */
    default boolean ready() {
        return true;
    }

    /** The room {@code dst} of {@link #read} must have free, besides a partial frame, for the pipe to go on. */
    int plaintextRoom();

    /** Frees what the pipe holds outside the heap (an inflater's memory); the channel is closed elsewhere. */
    default void release() {
    }

    /** Makes the pipes of one run: one per connection, over {@code wire}. */
    static Factory factory(Wire wire, LoadOptions options) {
        return switch (wire) {
            case PLAIN -> channel -> new PlainPipe(channel);
            case TLS -> {
                SSLContext context = BenchmarkTls.clientContext();
                yield channel -> new TlsPipe(channel, BenchmarkTls.clientEngine(context, options.host(), options.port()));
            }
            case DEFLATE -> channel -> new DeflatePipe(channel, options.depth() * options.frameBytes());
        };
    }

    /** Buffer bytes a connection's pipe needs besides the connection's own ({@link LoadOptions#validate()}). */
    static long bufferBytes(Wire wire, LoadOptions options) {
        return switch (wire) {
            case PLAIN -> 0;
            case TLS -> TlsPipe.BUFFER_BYTES;
            case DEFLATE -> DeflatePipe.bufferBytes(options.depth() * options.frameBytes());
        };
    }

    /** Opens a pipe over a connected channel. */
    interface Factory {
        Pipe open(SocketChannel channel) throws IOException;
    }
}
