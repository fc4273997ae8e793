package io.getty.tcp.internal;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.seam.Cumulation;
import io.getty.core.internal.seam.PartialWriteException;
import io.getty.core.internal.seam.Transport;
import io.getty.core.internal.seam.Upstream;
import io.getty.tcp.SocketOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on its loop: reads into the loop's shared buffer, writes pending output in gathering
 * writes, and keeps the unread tail of the level above it.
 *
 * <p>Reading: when the tail kept from the previous read is small (at most half the shared buffer), it is
 * copied to the front of the shared buffer and the new bytes are read after it, so the level above always
 * gets one contiguous buffer and only the small tail is ever copied. A large packet still arriving is kept in
 * a buffer of its own that the rest of it is read straight into. Once at least half of it is in and the reader
 * can tell its length ({@code PkgReader.packetLength}), that buffer has exactly its size: a pooled direct
 * buffer, so that a packet whose first half came in one read is copied in user space at most once on the way
 * in. Before that the buffer grows by doubling, so that a header announcing a large packet that never comes
 * pins no more memory than twice the bytes that did. When the level above hands out packets that outlive the read (a worker
 * executor), it is given bytes that no one reuses: a copy of the shared buffer, or a heap buffer of its own
 * that is never compacted or pooled under the packets.
 */
public final class TcpTransport extends Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);
    /** Reads per readiness event before the loop moves on to other channels. */
    private static final int MAX_READS_PER_EVENT = 4;
    /** Writes per flush before the loop moves on: the rest goes in the next pass. */
    private static final int WRITES_PER_FLUSH = 4;

    /** The unread bytes kept for the level above, between position and limit; null when there are none. */
    private ByteBuffer tail;

    private TcpTransport() {
    }

    /**
     * Configures {@code channel} and registers it with {@code loop} (or takes over {@code connectedKey}, a
     * client's registration), with no interest yet. Loop thread.
     */
    public static TcpTransport register(EventLoop loop, SocketChannel channel, SocketOptions options,
                                        SelectionKey connectedKey) throws IOException {
        SocketConfig.apply(channel, options);
        TcpTransport transport = new TcpTransport();
        if (connectedKey != null) {
            connectedKey.attach(transport);
            connectedKey.interestOps(0);
            transport.key = connectedKey;
        } else {
            transport.key = loop.register(channel, 0, transport);
        }
        return transport;
    }

    private SocketChannel channel() {
        return (SocketChannel) key.channel();
    }

    // ---------------------------------------------------------------- reading

    @Override
    protected void read() {
        Upstream up = upstream;
        try {
            readSome(up);
        } finally {
            up.readComplete();
        }
    }

    private void readSome(Upstream up) {
        ByteBuffer shared = loop().readBuffer();
        int half = shared.capacity() >>> 1;
        for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
            if (!interested(SelectionKey.OP_READ)) {
                return;
            }
            ByteBuffer kept = tail;
            boolean drained = kept != null && kept.capacity() > half ? readIntoTail(up, kept) : readIntoShared(up, shared, kept);
            if (drained) {
                return; // the session stopped reading, or the socket is drained
            }
        }
    }

    /**
     * The small-tail path: the tail goes to the front of the shared buffer and new bytes are read after it.
     * Returns whether to stop reading for this event.
     */
    private boolean readIntoShared(Upstream up, ByteBuffer shared, ByteBuffer kept) {
        int keptBytes = kept == null ? 0 : kept.remaining();
        shared.clear();
        if (keptBytes > 0) {
            shared.put(0, kept, kept.position(), keptBytes).position(keptBytes);
        }
        int room = shared.remaining();
        int n;
        try {
            n = channel().read(shared);
        } catch (IOException e) {
            up.fail(e);
            return true;
        }
        if (n < 0) {
            tail = null;
            up.inputEnded(keptBytes);
            return true;
        }
        if (n == 0) {
            return true;
        }
        shared.flip();
        // Packets that outlive the read must not share the shared buffer: give them a copy nobody reuses.
        ByteBuffer in = up.keepsInput() ? Cumulation.copy(shared) : shared;
        boolean more = up.received(in);
        if (!key.isValid()) {
            tail = null;
            return true;
        }
        tail = keep(up, in, kept); // the old tail was copied out: its buffer may be reused
        return !more || n < room;
    }

    /**
     * The large-tail path: a large packet is arriving, in a buffer of its own (of exactly its size when the
     * reader could tell it), and the rest of it is read straight into that buffer. Returns whether to stop
     * reading for this event.
     */
    private boolean readIntoTail(Upstream up, ByteBuffer kept) {
        if (kept.limit() == kept.capacity()) {
            kept = tail = grown(up, kept); // a large packet outgrew its buffer
        }
        int start = kept.position();
        int end = kept.limit();
        kept.position(end).limit(kept.capacity());
        int n;
        try {
            n = channel().read(kept);
        } catch (IOException e) {
            kept.limit(end).position(start);
            up.fail(e);
            return true;
        }
        int room = kept.capacity() - end;
        kept.limit(Math.max(end, kept.position())).position(start);
        if (n < 0) {
            int unread = kept.remaining();
            releaseTail();
            up.inputEnded(unread);
            return true;
        }
        if (n == 0) {
            return true;
        }
        boolean more = up.received(kept);
        if (!key.isValid()) {
            releaseTail();
            return true;
        }
        if (!kept.hasRemaining()) {
            releaseTail();
        } else if (kept.position() > start) {
            // A packet was taken and the next one begins: keep the rest apart (the packet's buffer is pooled,
            // or shared by packets that outlive the read).
            ByteBuffer rest = keep(up, kept, null);
            releaseTail();
            tail = rest;
        } // else the same packet is still arriving: keep its buffer as it is
        return !more || n < room;
    }

    /**
     * What to keep of {@code in} once the level above consumed a prefix: nothing, the unread bytes in a buffer
     * sized to them (in {@code reuse} if it fits), or, when they are at least half of a large packet whose length
     * the level above can tell, a buffer of exactly that length. A large packet with less than half of it in is
     * kept like any tail, and its buffer grows as it arrives ({@link #grown}): memory is taken for the bytes that
     * came, never for what a header only announces.
     */
    private ByteBuffer keep(Upstream up, ByteBuffer in, ByteBuffer reuse) {
        int left = in.remaining();
        if (left == 0) {
            return null;
        }
        int want = up.unitLength(in);
        if (want > loop().readBuffer().capacity() >>> 1 && 2L * left >= want) {
            return frameBuffer(up, in, want);
        }
        return Cumulation.keep(in, reuse);
    }

    /**
     * A buffer of exactly {@code want} bytes for a large packet, {@code in}'s bytes at its front: a pooled
     * direct one, unless packets outlive the read.
     */
    private ByteBuffer frameBuffer(Upstream up, ByteBuffer in, int want) {
        int left = in.remaining();
        ByteBuffer frame = up.keepsInput() ? ByteBuffer.allocate(want) : loop().frameBuffers().acquire(want);
        frame.put(0, in, in.position(), left).limit(left).position(0);
        return frame;
    }

    /**
     * A bigger buffer for a large tail that filled its buffer, the bytes moved to its front: of exactly the
     * packet's length once at least half of it is in and the reader can tell it, else twice the size (so a
     * packet's buffer is never more than twice the bytes that arrived).
     */
    private ByteBuffer grown(Upstream up, ByteBuffer full) {
        int kept = full.remaining();
        int want = up.unitLength(full);
        ByteBuffer bigger;
        if (want > 0 && 2L * kept >= want) {
            bigger = frameBuffer(up, full, want);
        } else {
            bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, 2L * full.capacity()));
            bigger.put(0, full, full.position(), kept).limit(kept).position(0);
        }
        releaseTail();
        return bigger;
    }

    /** Drops the tail, giving a pooled buffer back. */
    private void releaseTail() {
        ByteBuffer kept = tail;
        tail = null;
        if (kept != null && kept.isDirect()) {
            loop().frameBuffers().release(kept);
        }
    }

    @Override
    public void redeliver() {
        ByteBuffer kept = tail;
        if (kept == null || !key.isValid()) {
            return;
        }
        Upstream up = upstream;
        try {
            int start = kept.position();
            up.received(kept);
            if (!key.isValid()) {
                releaseTail();
            } else if (!kept.hasRemaining()) {
                releaseTail();
            } else if (kept.position() > start) {
                ByteBuffer rest = keep(up, kept, null);
                releaseTail();
                tail = rest;
            }
        } finally {
            up.readComplete();
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public long write(OutboundBuffer pending) throws IOException {
        if (pending.size() == 0) {
            if (interested(SelectionKey.OP_WRITE)) {
                writeInterest(false);
            }
            return 0;
        }
        SocketChannel channel = channel();
        long sent = 0;
        try {
            for (int i = 0; i < WRITES_PER_FLUSH && pending.size() > 0; i++) {
                long n = pending.writeTo(channel);
                if (n == 0) {
                    writeInterest(true); // the kernel's buffer is full: wait for writability
                    return sent;
                }
                sent += n;
            }
        } catch (IOException e) {
            if (sent > 0) {
                throw new PartialWriteException(sent, e);
            }
            throw e;
        }
        if (pending.size() == 0 && interested(SelectionKey.OP_WRITE)) {
            writeInterest(false);
        }
        return sent;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void shutdown() {
        shutOutput();
        upstream.shutdownFinished();
    }

    @Override
    public void shutdownOutput() {
        shutOutput();
    }

    /** Sends the end of stream after what was written, if the channel is still open. */
    private void shutOutput() {
        SelectionKey k = key;
        if (k == null) {
            return;
        }
        try {
            SocketChannel channel = (SocketChannel) k.channel();
            if (channel.isOpen()) {
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            log.debug("shutting the output of {} failed", this, e); // the peer is gone already
        }
    }

    @Override
    public void close() {
        releaseTail();
        SelectionKey k = key;
        if (k == null) {
            return;
        }
        k.cancel();
        try {
            k.channel().close();
        } catch (IOException e) {
            log.debug("closing the channel of {} failed", this, e);
        }
    }

    // ---------------------------------------------------------------- addresses

    @Override
    public SocketAddress localAddress() {
        SocketChannel channel = channel();
        try {
            return channel.getLocalAddress();
        } catch (ClosedChannelException e) {
            return channel.socket().getLocalSocketAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        SocketChannel channel = channel();
        try {
            return channel.getRemoteAddress();
        } catch (ClosedChannelException e) {
            return channel.socket().getRemoteSocketAddress(); // still known after the close
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "tcp " + (key == null ? "(unregistered)" : key.channel());
    }
}
