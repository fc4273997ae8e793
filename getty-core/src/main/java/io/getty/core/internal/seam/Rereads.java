package io.getty.core.internal.seam;

import io.getty.core.internal.loop.LoopTask;

/**
 * The layers of a {@link LayerStack} that bounded their work on a read (a decompressor's budget against a zip
 * bomb, {@link LayerContext#readAgain()}) and wait to read the bytes kept for them again: while any waits the
 * socket is not read, and a task on the loop reads them again, bottom up, once per pass, and only while the
 * session reads (a user's pause or a lagging worker holds them too). Loop thread only.
 */
final class Rereads extends LoopTask {
    private final LayerStack stack;
    private final Upstream session;
    private final Transport transport;
    private final StackContext[] contexts;
    /** What the session last asked of reading. */
    private boolean reading;
    /** A bit per layer that waits to read again. */
    private int waiting;
    private boolean queued;

    Rereads(LayerStack stack, Upstream session, Transport transport, StackContext[] contexts) {
        this.stack = stack;
        this.session = session;
        this.transport = transport;
        this.contexts = contexts;
    }

    /** Whether layer {@code i} waits to read again (bytes for it are then kept, behind the rest). */
    boolean waiting(int i) {
        return (waiting & 1 << i) != 0;
    }

    /** The session turns reading on or off: the socket follows, unless layers still wait. */
    void readInterest(boolean on) {
        reading = on;
        if (on && waiting != 0) {
            queue(); // the socket waits until the layers have caught up
        } else {
            transport.readInterest(on);
        }
    }

    void layerReadsAgain(int i) {
        waiting |= 1 << i;
        transport.readInterest(false);
        if (reading) {
            queue();
        }
    }

    private void queue() {
        if (!queued && !stack.released) {
            queued = session.loop().offer(this); // a loop that stopped closes its sessions itself
        }
    }

    @Override
    public void run() {
        queued = false;
        if (stack.released || !reading) {
            return; // closed, or paused: readInterest(true) queues this again
        }
        for (int i = contexts.length - 1; i >= 0 && !stack.released; i--) {
            if (waiting(i)) {
                waiting &= ~(1 << i);
                contexts[i].rerun();
            }
        }
        if (!stack.released) {
            session.readComplete(); // replies to what was delivered leave now, in one write
            if (waiting == 0 && reading) {
                transport.readInterest(true);
            }
        }
    }
}
