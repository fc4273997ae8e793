package io.getty.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * What {@link TlsPipe} and {@link DeflatePipe} share: a byte stream that is transformed each way, with a buffer
 * of bytes read from the socket and not yet decoded ({@code netIn}) and one of encoded bytes the socket has not
 * taken yet ({@code netOut}), both direct and in fill mode. A read fills {@code netIn} once and decodes; a drain
 * only decodes; the subclass says in {@link #buffered} whether more may be left to decode.
 */
abstract class StreamPipe implements Pipe {
    final SocketChannel channel;
    /** Bytes from the socket not yet decoded, in fill mode. */
    final ByteBuffer netIn;
    /** Encoded bytes not yet taken by the socket, in fill mode. */
    final ByteBuffer netOut;
    /** Whether {@link #decode} stopped with input left, for want of room in its {@code dst}. */
    boolean buffered;

    StreamPipe(SocketChannel channel, ByteBuffer netIn, ByteBuffer netOut) {
        this.channel = channel;
        this.netIn = netIn;
        this.netOut = netOut;
    }

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        if (channel.read(netIn) < 0) {
            return -1;
        }
        return decode(dst);
    }

    @Override
    public final int drain(ByteBuffer dst) throws IOException {
        return decode(dst);
    }

    @Override
    public final boolean hasBufferedInput() {
        return buffered;
    }

    /** Decodes what it can of {@code netIn} into {@code dst}, setting {@link #buffered}; the plaintext bytes put. */
    abstract int decode(ByteBuffer dst) throws IOException;

    /** Writes {@code netOut}; whether the socket took all of it. */
    final boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
            return !netOut.hasRemaining();
        } finally {
            netOut.compact();
        }
    }
}
