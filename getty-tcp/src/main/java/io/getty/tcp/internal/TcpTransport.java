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
 * gets one contiguous buffer and only the small tail is ever copied. A larger tail (a big packet still
 * arriving) is kept in a buffer that grows to hold it, and new bytes are appended to it. When the level above
 * hands out packets that outlive the read (a worker executor), it is given bytes that no one reuses: a copy of
 * the shared buffer, or the tail buffer itself, which is then never compacted under the packets.
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
        SocketChannel channel = channel();
        for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
            if (!interested(SelectionKey.OP_READ)) {
                return;
            }
            ByteBuffer kept = tail;
            int keptBytes = kept == null ? 0 : kept.remaining();
            boolean inShared = keptBytes <= half;
            shared.clear();
            if (inShared && keptBytes > 0) {
                shared.put(0, kept, kept.position(), keptBytes).position(keptBytes);
            }
            int room = shared.remaining();
            int n;
            try {
                n = channel.read(shared);
            } catch (IOException e) {
                up.fail(e);
                return;
            }
            if (n < 0) {
                tail = null;
                up.inputEnded(keptBytes);
                return;
            }
            if (n == 0) {
                return;
            }
            boolean more = inShared ? receivedInShared(up, shared.flip(), kept) : receivedInTail(up, shared, n);
            if (!more || n < room) {
                return; // the session stopped reading, or the socket is drained
            }
        }
    }

    private boolean receivedInShared(Upstream up, ByteBuffer shared, ByteBuffer oldTail) {
        boolean keeps = up.keepsInput();
        ByteBuffer in = keeps ? Cumulation.copy(shared) : shared;
        boolean more = up.received(in);
        if (!key.isValid()) {
            tail = null;
            return false;
        }
        // A kept copy may be shared by packets: the rest goes to a new buffer; the old tail is free to reuse.
        tail = Cumulation.keep(in, oldTail);
        return more;
    }

    private boolean receivedInTail(Upstream up, ByteBuffer shared, int n) {
        boolean keeps = up.keepsInput();
        ByteBuffer in = Cumulation.append(tail, shared.flip(), !keeps);
        tail = in;
        int start = in.position();
        boolean more = up.received(in);
        if (!key.isValid()) {
            tail = null;
            return false;
        }
        boolean handedOut = keeps && in.position() > start;
        int left = in.remaining();
        if (left == 0) {
            tail = null;
        } else if (handedOut || left <= loop().readBuffer().capacity() >>> 1) {
            tail = Cumulation.keep(in, null); // under packets that share it, or small again: a buffer sized to it
        } else if (!keeps) {
            in.compact().flip(); // a large packet still arriving: keep growing this buffer
        }
        return more;
    }

    @Override
    public void redeliver() {
        ByteBuffer kept = tail;
        if (kept == null || !key.isValid()) {
            return;
        }
        Upstream up = upstream;
        tail = null;
        try {
            up.received(kept);
            if (key.isValid()) {
                tail = Cumulation.keep(kept, null);
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
        try {
            SocketChannel channel = channel();
            if (channel.isOpen()) {
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            log.debug("shutting the output of {} failed", this, e);
        }
        upstream.shutdownFinished();
    }

    @Override
    public void close() {
        tail = null;
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
