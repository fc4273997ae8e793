package io.getty.tcp;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A toy layer that proves the seam (test only): it frames the byte stream into records of random sizes,
 * greets the peer when it opens, holds its session until the peer's greeting arrives, and says goodbye when
 * it closes. The TCP suite runs once with it under every getty session (and with {@link RecordStreams}
 * around every plain-socket peer), and must pass as it does without it.
 *
 * <pre>
 *   record: | type (1) | length (2, big-endian) | payload (length bytes) |
 *   types:  GREETING (payload "hi"), DATA, GOODBYE (empty)
 * </pre>
 *
 * <p>It checks its own contract as it goes: no call after {@link #release()}, none re-entrant, and every
 * byte it consumes from above is carried by what it appends below before {@link #write} returns.
 */
final class RecordLayer implements Layer {
    static final byte GREETING = 1;
    static final byte DATA = 2;
    static final byte GOODBYE = 3;
    static final int HEADER = 3;
    static final int MAX_PAYLOAD = 1500;

    private final SplittableRandom random;
    private boolean opened;
    private boolean released;
    private boolean inCall;

    RecordLayer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void open(LayerContext ctx) {
        enter();
        try {
            byte[] hi = {'h', 'i'};
            ctx.below().writeByte(GREETING).writeShort(hi.length).writeBytes(hi);
            ctx.requestFlush();
        } finally {
            inCall = false;
        }
    }

    @Override
    public void read(ByteBuffer in, LayerContext ctx) throws IOException {
        enter();
        try {
            while (in.remaining() >= HEADER) {
                int start = in.position();
                byte type = in.get(start);
                int length = Short.toUnsignedInt(in.getShort(start + 1));
                if (length > MAX_PAYLOAD) {
                    throw new IOException("record of " + length + " bytes, more than " + MAX_PAYLOAD);
                }
                if (in.remaining() < HEADER + length) {
                    return; // a partial record: the stack keeps it
                }
                in.position(start + HEADER + length);
                switch (type) {
                    case GREETING -> {
                        if (!opened) {
                            opened = true;
                            ctx.opened();
                        }
                    }
                    case DATA -> {
                        if (!opened) {
                            throw new IOException("data before the greeting");
                        }
                        ByteBuffer payload = in.duplicate().limit(start + HEADER + length).position(start + HEADER);
                        if (!ctx.passUp(payload)) {
                            return;
                        }
                    }
                    case GOODBYE -> ctx.peerFinished();
                    default -> throw new IOException("unknown record type " + type);
                }
            }
        } finally {
            inCall = false;
        }
    }

    @Override
    public void write(OutboundBuffer above, LayerContext ctx) throws IOException {
        enter();
        try {
            OutboundBuffer below = ctx.below();
            while (above.size() > 0 && below.size() < ctx.quantum()) {
                int size = Math.min(above.size(), 1 + random.nextInt(MAX_PAYLOAD));
                below.writeByte(DATA).writeShort(size);
                long appended = below.appendedTotal();
                int[] left = {size};
                above.drainTo((chunks, offset, length) -> {
                    long taken = 0;
                    for (int i = offset; i < offset + length && left[0] > 0; i++) {
                        ByteBuffer chunk = chunks[i];
                        int n = Math.min(left[0], chunk.remaining());
                        ByteBuffer part = chunk.duplicate();
                        part.limit(part.position() + n);
                        below.writeBytes(part);
                        chunk.position(chunk.position() + n);
                        left[0] -= n;
                        taken += n;
                    }
                    return taken;
                });
                if (below.appendedTotal() - appended != size) {
                    throw new AssertionError("a record's payload was not all appended");
                }
            }
        } finally {
            inCall = false;
        }
    }

    @Override
    public boolean close(LayerContext ctx) {
        enter();
        try {
            ctx.below().writeByte(GOODBYE).writeShort(0);
            return true;
        } finally {
            inCall = false;
        }
    }

    @Override
    public void inputEnded(int unread, LayerContext ctx) throws IOException {
        enter();
        try {
            if (unread > 0) {
                throw new IOException("the peer ended in the middle of a record (" + unread + " bytes)");
            }
        } finally {
            inCall = false;
        }
    }

    @Override
    public void release() {
        if (inCall) {
            throw new AssertionError("released during its own call");
        }
        released = true;
    }

    private void enter() {
        if (released) {
            throw new AssertionError("called after release");
        }
        if (inCall) {
            throw new AssertionError("called re-entrantly");
        }
        inCall = true;
    }
}
