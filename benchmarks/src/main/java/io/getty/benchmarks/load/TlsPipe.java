package io.getty.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * TLS on one load connection: a client {@link SSLEngine} driven without blocking. The handshake runs inside the
 * same reads and writes as the frames (the first write sends the ClientHello; the frames queued meanwhile go
 * once it is done); delegated tasks run inline. Records go out as soon as they are wrapped, all the frames
 * queued at once in one record (up to 16 KiB), as a client that batches its writes would send them.
 *
 * <p>Buffers: records in and out, two records' worth each, direct and made once. The engine allocates its
 * {@link SSLEngineResult} per call (and, on JDK 17, AES-GCM's temporary arrays); this class nothing more.
 */
final class TlsPipe extends StreamPipe {
    /** Records each of the two record buffers holds. */
    private static final int RECORDS = 2;
    /** The bytes of a TLS record at most, as the JDK's engine reports it (TLS 1.3: 16,709). */
    private static final int MAX_PACKET = 16_709;
    /** What a connection's pipe holds, roughly: the record buffers and the larger plaintext room. */
    static final long BUFFER_BYTES = 2L * RECORDS * MAX_PACKET + MAX_PACKET;

    private final SSLEngine engine;
    private final int packetSize;
    private final ByteBuffer none = ByteBuffer.allocate(0);

    TlsPipe(SocketChannel channel, SSLEngine engine) throws SSLException {
        this(channel, begun(engine), engine.getSession().getPacketBufferSize());
    }

    /** {@code netIn} holds records from the socket not yet unwrapped; {@code netOut} records not yet sent. */
    private TlsPipe(SocketChannel channel, SSLEngine engine, int packetSize) {
        super(channel, ByteBuffer.allocateDirect(RECORDS * packetSize), ByteBuffer.allocateDirect(RECORDS * packetSize));
        this.engine = engine;
        this.packetSize = packetSize;
    }

    private static SSLEngine begun(SSLEngine engine) throws SSLException {
        engine.beginHandshake();
        return engine;
    }

    @Override
    public boolean ready() {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    @Override
    public int plaintextRoom() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** Unwraps the whole records of {@code netIn} into {@code dst} while they fit, answering the handshake. */
    @Override
    int decode(ByteBuffer dst) throws IOException {
        buffered = false;
        int produced = 0;
        netIn.flip();
        try {
            while (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, dst);
                produced += r.bytesProduced();
                Status status = r.getStatus();
                if (status == Status.CLOSED) {
                    throw new SSLException("the server ended TLS (close_notify)");
                }
                if (status == Status.BUFFER_OVERFLOW) {
                    buffered = true; // the caller makes room and drains
                    break;
                }
                if (status == Status.BUFFER_UNDERFLOW) {
                    break; // a partial record: wait for the rest
                }
                answerHandshake();
                flushNet(); // the handshake's answer, at once (what the socket does not take, the next write sends)
                if (r.bytesConsumed() == 0) {
                    break;
                }
            }
        } finally {
            netIn.compact();
        }
        return produced;
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        while (true) {
            if (!flushNet()) {
                return true;
            }
            answerHandshake();
            if (netOut.position() > 0) {
                continue; // the handshake's own bytes go first
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN
                    || !src.hasRemaining()) {
                return false; // the frames wait for the handshake, or all are sent
            }
            boolean progress = false;
            while (src.hasRemaining() && netOut.remaining() >= packetSize) {
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() == Status.CLOSED) {
                    throw new SSLException("TLS is closed");
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    break;
                }
                progress = true;
            }
            if (!progress) {
                return false;
            }
        }
    }

    /** Runs the delegated tasks and wraps what the engine must send of its own, as long as it asks. */
    private void answerHandshake() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP && netOut.remaining() >= packetSize) {
                SSLEngineResult r = engine.wrap(none, netOut);
                if (r.getStatus() == Status.CLOSED) {
                    throw new SSLException("TLS closed during the handshake");
                }
            } else {
                return;
            }
        }
    }
}
