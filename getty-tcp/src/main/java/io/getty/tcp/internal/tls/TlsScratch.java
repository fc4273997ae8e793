package io.getty.tcp.internal.tls;

import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopLocal;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * The two full-size buffers that every TLS session of one event loop shares, since a loop runs one layer
 * call at a time: the plaintext of one unwrap (passed up before the next unwrap) and the record of one wrap
 * (appended below at once). They only grow: to the largest sizes an engine of the loop asked for. Loop
 * thread only.
 *
 * <p>Heap, not direct: on JDK 17 the engine's AES-GCM copies a direct destination through temporary arrays,
 * and the TLS echo path allocated 872 B per message with direct scratch against 733 B with heap scratch
 * ({@code TlsEchoPathBenchmark}, {@code -prof gc}), and was no faster. The bytes meet the socket in the
 * direct chunks below all the same.
 */
final class TlsScratch {
    private static final LoopLocal<TlsScratch> PER_LOOP = new LoopLocal<>(loop -> new TlsScratch());

    private ByteBuffer plain = ByteBuffer.allocate(0);
    private ByteBuffer record = ByteBuffer.allocate(0);

    private TlsScratch() {
    }

    /** The calling loop's scratch, big enough for {@code session}'s largest plaintext and record. */
    static TlsScratch of(EventLoop loop, SSLSession session) {
        TlsScratch s = PER_LOOP.get(loop);
        s.fitPlain(session.getApplicationBufferSize());
        s.fitRecord(session.getPacketBufferSize());
        return s;
    }

    /** The plaintext buffer, cleared: at least an application buffer of room. */
    ByteBuffer plain() {
        return plain.clear();
    }

    /** The record buffer, cleared: at least a packet buffer of room, which {@code SSLEngine.wrap} insists on. */
    ByteBuffer record() {
        return record.clear();
    }

    /**
     * Makes the plaintext buffer at least {@code size} bytes; returns false if it was already (an engine that
     * still overflows it is broken).
     */
    boolean fitPlain(int size) {
        if (plain.capacity() >= size) {
            return false;
        }
        plain = ByteBuffer.allocate(size);
        return true;
    }

    /** As {@link #fitPlain}, for the record buffer. */
    boolean fitRecord(int size) {
        if (record.capacity() >= size) {
            return false;
        }
        record = ByteBuffer.allocate(size);
        return true;
    }
}
