package io.getty.benchmarks.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Writes every decoded frame (length prefix included) back and flushes once per read batch in
 * {@link #channelReadComplete}: the flush-on-read-complete pattern Netty recommends, one syscall
 * for all frames of a read instead of one per frame. Stateless, hence shared by all channels.
 */
@Sharable
final class FrameEchoHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        // The frame's reference passes to the outbound buffer, which releases it once written.
        ctx.write(frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset peer or an oversized frame: drop the connection, the client reports it.
        ctx.close();
    }
}
