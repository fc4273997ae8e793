package io.getty.benchmarks.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseNotifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the byte buffers written between two flushes into one pooled buffer and writes that on flush, so
 * that the {@link io.netty.handler.codec.compression.JdkZlibEncoder} after it (towards the socket) compresses
 * and {@code SYNC_FLUSH}es once per read batch, as getty's deflate layer does, instead of once per frame. The
 * promises of the gathered writes complete when the combined write does. Other messages pass through in order.
 * One per channel: it holds the batch.
 */
final class FlushBatcher extends ChannelOutboundHandlerAdapter {

    private ByteBuf batch;
    private final List<ChannelPromise> promises = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf)) {
            writeBatch(ctx);
            ctx.write(msg, promise);
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (batch == null) {
                // Heap, like the frames the inflater's decoder hands up: the encoder deflates straight from
                // the array instead of copying a direct buffer's bytes out first.
                batch = ctx.alloc().heapBuffer(Math.max(buf.readableBytes(), 4096));
            }
            batch.writeBytes(buf);
        } catch (Throwable t) {
            promise.tryFailure(t);
            return;
        } finally {
            buf.release();
        }
        if (!promise.isVoid()) {
            promises.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // The channel closed (or the handler went) with a batch not flushed: drop it, as Netty's outbound
        // buffer fails the writes it had not flushed.
        if (batch != null) {
            batch.release();
            batch = null;
        }
        Exception closed = new IllegalStateException("the channel closed before the write was flushed");
        for (ChannelPromise p : promises) {
            p.tryFailure(closed);
        }
        promises.clear();
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        if (batch == null) {
            return;
        }
        ByteBuf out = batch;
        batch = null;
        if (promises.isEmpty()) {
            ctx.write(out, ctx.voidPromise());
        } else {
            ChannelPromise all = ctx.newPromise();
            all.addListener(new PromiseNotifier<>(promises.toArray(new ChannelPromise[0])));
            promises.clear();
            ctx.write(out, all);
        }
    }
}
