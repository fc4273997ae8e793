package io.getty.tcp.internal;

import io.getty.core.DecodeException;
import io.getty.core.FrameTooLongException;
import io.getty.core.IncompletePacketException;
import io.getty.core.PkgReader;
import io.getty.core.SessionInitializer;
import io.getty.core.SessionOptions;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.IoHandler;
import io.getty.core.internal.session.AbstractSession;
import io.getty.core.internal.session.SessionOwner;
import io.getty.tcp.SocketOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A session over a TCP connection: the byte stream's read path (cumulation and decoding) and the socket
 * operations under {@link AbstractSession}.
 *
 * <p>Reading: bytes are read into the loop's shared direct buffer. When an incomplete packet is left from the
 * previous read and it is small (at most half the shared buffer), it is copied to the front of the shared
 * buffer and the new bytes are read after it, so packets are always decoded (and viewed) in the shared
 * buffer and only the small tail is ever copied. A larger incomplete packet is kept in a session-owned heap
 * buffer that grows to hold it (up to the max message length plus {@value #HEADROOM} bytes), which the new
 * bytes are appended to. With a worker executor, the bytes to decode are first copied into a fresh buffer
 * that the session never reuses, so packets that share it stay valid on the worker. Only the unread tail
 * is kept between reads, in a buffer sized to it.
 */
public final class TcpSession extends AbstractSession implements IoHandler {
    /** Reads per readiness event before the loop moves on to other channels. */
    private static final int MAX_READS_PER_EVENT = 4;
    /** Bytes buffered beyond the max message length before a reader that never returns is cut off. */
    static final int HEADROOM = 64 * 1024;

    private final SocketChannel channel;
    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private SelectionKey key;
    private int interestOps;
    /** The unread bytes of an incomplete packet, between position and limit; null when there are none. */
    private ByteBuffer cumulation;

    public TcpSession(EventLoop loop, SessionOwner owner, SessionOptions options, SocketChannel channel)
            throws IOException {
        super(loop, owner, options);
        this.channel = channel;
        this.localAddress = channel.getLocalAddress();
        this.remoteAddress = channel.getRemoteAddress();
    }

    /**
     * Configures the socket, registers it (or takes over {@code connectedKey}), runs the initializer and
     * opens the session. Loop thread.
     */
    public void start(SessionInitializer initializer, SocketOptions socketOptions, SelectionKey connectedKey) {
        try {
            SocketConfig.apply(channel, socketOptions);
            if (connectedKey != null) {
                key = connectedKey;
                key.attach(this);
                key.interestOps(0);
            } else {
                key = loop.register(channel, 0, this);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not set up the connection with {}", remoteAddress, e);
            refuse(e);
            return;
        }
        if (initialize(initializer)) {
            open();
        }
    }

    @Override
    public void handleIo(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush(); // first, to free memory
        }
        // A readyOps of 0 has been seen to spin the selector: treat it as readable, as Netty does.
        if (((readyOps & SelectionKey.OP_READ) != 0 || readyOps == 0) && (interestOps & SelectionKey.OP_READ) != 0
                && state() != CLOSED) {
            read();
        }
    }

    private void read() {
        ByteBuffer shared = loop.readBuffer();
        int half = shared.capacity() >>> 1;
        for (int reads = 0; reads < MAX_READS_PER_EVENT && (interestOps & SelectionKey.OP_READ) != 0; reads++) {
            int tail = cumulation == null ? 0 : cumulation.remaining();
            boolean inShared = tail <= half;
            shared.clear();
            if (inShared && tail > 0) {
                shared.put(0, cumulation, cumulation.position(), tail).position(tail);
            }
            int room = shared.remaining();
            int n;
            try {
                n = channel.read(shared);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (n < 0) {
                peerEof();
                return;
            }
            if (n > 0) {
                bytesRead(n);
                if (!delivering()) {
                    cumulation = null; // closing: the rest of the stream is not delivered
                } else if (!decodeReceived(shared, inShared, n)) {
                    return;
                }
            }
            if (n < room) {
                return; // the socket is drained
            }
        }
    }

    /** Decodes what the last read brought; returns false when the session stopped reading. */
    private boolean decodeReceived(ByteBuffer shared, boolean inShared, int n) {
        ByteBuffer in;
        if (inShared) {
            in = shared.flip();
        } else if (!appendToCumulation(shared, n)) {
            return false;
        } else {
            in = cumulation;
        }
        if (hasWorker()) {
            in = ByteBuffer.allocate(in.remaining()).put(0, in, in.position(), in.remaining());
        }
        if (!decode(in)) {
            return false;
        }
        if (!keepTail(in, shared.capacity() >>> 1)) {
            return false;
        }
        return !pauseReadsIfWorkerBehind();
    }

    private boolean decode(ByteBuffer in) {
        PkgReader<Object> reader = reader();
        while (in.hasRemaining()) {
            if (!delivering()) {
                return false;
            }
            int start = in.position();
            Object pkg;
            try {
                pkg = reader.read(this, in);
            } catch (DecodeException e) {
                fail(e);
                return false;
            } catch (Throwable t) {
                fail(new DecodeException("the reader of " + this + " threw", t));
                return false;
            }
            if (pkg == null) {
                in.position(start);
                break;
            }
            if (in.position() <= start) {
                fail(new DecodeException("the reader of " + this + " returned a packet but consumed no bytes"));
                return false;
            }
            deliver(pkg);
        }
        return true;
    }

    private boolean appendToCumulation(ByteBuffer shared, int n) {
        int needed = cumulation.remaining() + n;
        long max = (long) maxMessageLength() + HEADROOM;
        if (needed > max) {
            fail(new FrameTooLongException(needed, maxMessageLength()));
            return false;
        }
        if (cumulation.capacity() - cumulation.limit() < n) {
            if (cumulation.capacity() >= needed) {
                cumulation.compact().flip();
            } else {
                int capacity = (int) Math.min(max, Math.max(needed, 2L * cumulation.capacity()));
                ByteBuffer grown = ByteBuffer.allocate(capacity);
                grown.put(cumulation).flip();
                cumulation = grown;
            }
        }
        int end = cumulation.limit();
        cumulation.limit(end + n).put(end, shared, 0, n);
        return true;
    }

    /** Keeps the unread bytes of {@code in} for the next read; false if they are more than allowed. */
    private boolean keepTail(ByteBuffer in, int half) {
        int left = in.remaining();
        if (left == 0) {
            cumulation = null;
            return true;
        }
        if (left > (long) maxMessageLength() + HEADROOM) {
            fail(new FrameTooLongException(left, maxMessageLength()));
            return false;
        }
        if (in == cumulation && left > half) {
            cumulation.compact().flip(); // a large packet still arriving: keep growing this buffer
            return true;
        }
        ByteBuffer kept = cumulation != null && cumulation != in && cumulation.capacity() >= left
                && cumulation.capacity() <= 2 * left ? cumulation.clear() : ByteBuffer.allocate(left);
        kept.put(0, in, in.position(), left).limit(left).position(0);
        cumulation = kept;
        return true;
    }

    private void peerEof() {
        int unread = cumulation == null ? 0 : cumulation.remaining();
        cumulation = null;
        if (unread > 0 && delivering()) {
            fail(new IncompletePacketException(unread));
        } else {
            peerClosed();
        }
    }

    @Override
    protected long writeOut(OutboundBuffer pending) throws IOException {
        return pending.writeTo(channel);
    }

    @Override
    protected void writeInterest(boolean on) {
        interest(on ? interestOps | SelectionKey.OP_WRITE : interestOps & ~SelectionKey.OP_WRITE);
    }

    @Override
    protected void readInterest(boolean on) {
        interest(on ? interestOps | SelectionKey.OP_READ : interestOps & ~SelectionKey.OP_READ);
    }

    private void interest(int ops) {
        if (ops != interestOps && key != null && key.isValid()) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    @Override
    protected void closeTransport() {
        cumulation = null;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the channel of {} failed", this, e);
        }
    }

    /**
     * Closes the connection of a session that was never started because its loop stopped first; any thread,
     * since no loop will ever touch this session.
     */
    public void abortUnstarted() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the channel of {} failed", this, e);
        }
    }

    @Override
    public void rebind(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void abort(Throwable cause) {
        doClose(cause);
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }
}
