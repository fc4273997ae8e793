package io.getty.udp.internal;

import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopLocal;
import java.nio.ByteBuffer;

/**
 * What the datagram transports of one event loop share: the buffer datagrams are received into (the loop's
 * read buffer when it is larger than the largest datagram, so that a truncated one shows), a buffer to gather
 * a datagram whose bytes span two output chunks, and the reusable datagram object of {@code onMessage}.
 * Loop thread only.
 */
final class DatagramScratch {
    private static final LoopLocal<DatagramScratch> LOCAL = new LoopLocal<>(DatagramScratch::new);

    private final EventLoop loop;
    private ByteBuffer receive;
    private ByteBuffer gather;
    final ReceivedDatagram datagram = new ReceivedDatagram();

    private DatagramScratch(EventLoop loop) {
        this.loop = loop;
    }

    static DatagramScratch of(EventLoop loop) {
        return LOCAL.get(loop);
    }

    /** A direct buffer of at least {@code capacity} bytes to receive into, cleared. */
    ByteBuffer receiveBuffer(int capacity) {
        ByteBuffer shared = loop.readBuffer();
        if (shared.capacity() >= capacity) {
            return shared.clear();
        }
        if (receive == null || receive.capacity() < capacity) {
            receive = ByteBuffer.allocateDirect(capacity);
        }
        return receive.clear();
    }

    /** A direct buffer of at least {@code capacity} bytes to gather one outbound datagram into, cleared. */
    ByteBuffer gatherBuffer(int capacity) {
        if (gather == null || gather.capacity() < capacity) {
            gather = ByteBuffer.allocateDirect(Math.max(capacity, 2048));
        }
        return gather.clear();
    }
}
