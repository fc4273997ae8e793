package io.getty.core.internal.seam;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.IoHandler;
import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * A channel on its event loop: the only thing that reads, writes, sets interest ops and closes. It is what
 * the selector's key is attached to; bytes it reads go up to its {@link Upstream} (the session, or the
 * bottom of a layer stack), and it writes what the level above queued. OP_WRITE is asked for only while the
 * socket refuses bytes.
 *
 * <p>Small on purpose (its key, its upstream, and what a subclass keeps: for TCP, the unread tail), since an
 * idle session holds one.
 */
public abstract class Transport implements IoHandler, SessionIo {
    protected SelectionKey key;
    protected Upstream upstream;

    /** Connects this transport to what its bytes go up to. Before the key is first handled. */
    public final void upstream(Upstream up) {
        this.upstream = up;
    }

    public final Upstream upstream() {
        return upstream;
    }

    protected final EventLoop loop() {
        return upstream.loop();
    }

    /** Reads what the channel has, passing it to {@link #upstream}. */
    protected abstract void read();

    /**
     * Writes as much of {@code pending} as the channel takes in a few calls, asking for OP_WRITE when it takes
     * nothing more; returns the bytes written. A failure after some bytes were written is thrown as a
     * {@link PartialWriteException} that counts them. Loop thread.
     */
    public abstract long write(OutboundBuffer pending) throws IOException;

    /** Passes the bytes this transport kept for its upstream again (after a layer's delegated task). */
    public abstract void redeliver();

    @Override
    public void handleIo(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            upstream.flush(); // first, to free memory
        }
        // A readyOps of 0 has been seen to spin the selector: treat it as readable, as Netty does.
        if (((readyOps & SelectionKey.OP_READ) != 0 || readyOps == 0) && interested(SelectionKey.OP_READ)) {
            read();
        }
    }

    @Override
    public void open() {
        upstream.opened();
    }

    @Override
    public final void readInterest(boolean on) {
        interest(SelectionKey.OP_READ, on);
    }

    protected final void writeInterest(boolean on) {
        interest(SelectionKey.OP_WRITE, on);
    }

    protected final boolean interested(int op) {
        SelectionKey k = key;
        return k != null && k.isValid() && (k.interestOps() & op) != 0;
    }

    private void interest(int op, boolean on) {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        int ops = k.interestOps();
        int next = on ? ops | op : ops & ~op;
        if (next != ops) {
            k.interestOps(next);
        }
    }

    @Override
    public int flushState(OutboundBuffer top) {
        if (interested(SelectionKey.OP_WRITE)) {
            return BLOCKED;
        }
        return top != null && top.size() > 0 ? MORE : IDLE;
    }

    @Override
    public void flush(OutboundBuffer top) throws IOException {
        if (top == null || top.size() == 0) {
            if (interested(SelectionKey.OP_WRITE)) {
                writeInterest(false);
            }
            return;
        }
        long n;
        try {
            n = write(top);
        } catch (PartialWriteException e) {
            upstream.sent(e.written()); // what earlier attempts wrote is in the kernel all the same
            throw e.failure();
        }
        upstream.sent(n);
    }

    /** Shuts the connection's output, for a transport that has one to shut (a stream's); nothing by default. */
    @Override
    public void shutdownOutput() {
    }

    @Override
    public void rebind(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void abort(Throwable cause) {
        upstream.fail(cause);
    }
}
