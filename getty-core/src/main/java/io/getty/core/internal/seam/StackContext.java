package io.getty.core.internal.seam;

import io.getty.core.Session;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;

/** What layer {@code index} of a {@link LayerStack} sees of it: the levels around the layer, and its session. */
final class StackContext implements LayerContext {
    private final LayerStack stack;
    private final int index;

    StackContext(LayerStack stack, int index) {
        this.stack = stack;
        this.index = index;
    }

    @Override
    public EventLoop loop() {
        return stack.session.loop();
    }

    @Override
    public Session session() {
        return stack.user;
    }

    @Override
    public boolean client() {
        return stack.client;
    }

    @Override
    public boolean passUp(ByteBuffer bytes) {
        return !stack.released && stack.passUp(index, bytes);
    }

    @Override
    public boolean passUpMessage(ByteBuffer message, Object meta) {
        if (index != 0) {
            throw new IllegalStateException("only the top layer passes messages to the session");
        }
        if (stack.released || stack.closed) {
            return false;
        }
        // Packets that outlive the read (a worker executor) must not share bytes the layer reuses.
        ByteBuffer unit = stack.session.keepsInput() ? Cumulation.copy(message) : message;
        if (!stack.session.receivedMessage(unit, meta)) {
            stack.stopReading = true;
        }
        return !stack.closed;
    }

    @Override
    public OutboundBuffer below() {
        return stack.below[index];
    }

    @Override
    public int quantum() {
        return LayerStack.QUANTUM;
    }

    @Override
    public void requestFlush() {
        stack.requestFlush();
    }

    @Override
    public void opened() {
        stack.layerOpened(index);
    }

    @Override
    public void peerFinished() {
        stack.session.peerFinished();
    }

    @Override
    public void closed() {
        if (stack.closing == index) {
            stack.closing++;
            stack.nextGoodbye();
        }
    }

    @Override
    public void fail(Throwable cause) {
        stack.session.fail(cause);
    }

    @Override
    public void holdReads(boolean hold) {
        stack.session.holdReads(hold);
    }

    @Override
    public boolean readsPaused() {
        return stack.session.readsPaused();
    }

    @Override
    public void readAgain() {
        stack.layerReadsAgain(index);
    }

    @Override
    public void rerun() {
        if (index == stack.layers.length - 1) {
            stack.transport.redeliver();
        } else {
            ByteBuffer tail = stack.tails[index + 1];
            if (tail != null) {
                stack.tails[index + 1] = null;
                ByteBuffer in = tail;
                stack.read(index, in);
                if (!stack.released) {
                    stack.tails[index + 1] = Cumulation.keep(in, null);
                }
            }
        }
    }
}
