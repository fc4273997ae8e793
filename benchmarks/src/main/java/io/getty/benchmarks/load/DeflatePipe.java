package io.getty.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A raw DEFLATE stream each way (RFC 1951, no header or checksum), as getty's {@code DeflateLayer} and Netty's
 * {@code JdkZlibEncoder(ZlibWrapper.NONE)} speak it: the frames queued are deflated at best speed and
 * {@code SYNC_FLUSH}ed in one go per write, so that the server can inflate every one of them at once. The JDK's
 * {@link Deflater} and {@link Inflater} work on the direct buffers in place: nothing is allocated per message.
 */
final class DeflatePipe extends StreamPipe {
    private static final int NET_IN = 64 * 1024;

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final Inflater inflater = new Inflater(true);

    /**
     * A pipe whose writes carry at most {@code maxPlaintext} bytes at once: {@code netIn} holds compressed bytes
     * from the socket not yet inflated, {@code netOut} room for all that plaintext, deflated.
     */
    DeflatePipe(SocketChannel channel, int maxPlaintext) {
        super(channel, ByteBuffer.allocateDirect(NET_IN), ByteBuffer.allocateDirect(outBytes(maxPlaintext)));
    }

    /** What a pipe for writes of {@code maxPlaintext} holds. */
    static long bufferBytes(int maxPlaintext) {
        return NET_IN + (long) outBytes(maxPlaintext);
    }

    /** DEFLATE's worst case, incompressible input in stored blocks, with room to spare, plus the flush marker. */
    private static int outBytes(int maxPlaintext) {
        return maxPlaintext + maxPlaintext / 8 + 64;
    }

    @Override
    public int plaintextRoom() {
        return 0;
    }

    /** Inflates what it can of {@code netIn} into {@code dst}. */
    @Override
    int decode(ByteBuffer dst) throws IOException {
        netIn.flip();
        int produced = 0;
        try {
            inflater.setInput(netIn); // moves netIn's position as it reads
            while (dst.hasRemaining()) {
                int n = inflater.inflate(dst);
                produced += n;
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("the server's deflate stream is corrupt: " + e.getMessage(), e);
        } finally {
            netIn.compact();
        }
        if (inflater.finished()) {
            throw new IOException("the server ended its deflate stream");
        }
        buffered = !dst.hasRemaining(); // the inflater may hold more output, or netIn more input
        return produced;
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        if (!flushNet()) {
            return true;
        }
        if (!src.hasRemaining()) {
            return false;
        }
        deflater.setInput(src); // moves src's position as it reads
        deflater.deflate(netOut, Deflater.SYNC_FLUSH);
        if (!deflater.needsInput() || !netOut.hasRemaining()) {
            // netOut has room for the worst case of all the connection's queued frames: cannot happen
            throw new IllegalStateException("deflated output did not fit: " + netOut);
        }
        return !flushNet();
    }

    @Override
    public void release() {
        deflater.end();
        inflater.end();
    }
}
