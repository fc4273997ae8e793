package io.getty.benchmarks.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Writes every datagram back to its sender and flushes once per read batch in {@link #channelReadComplete},
 * as {@link FrameEchoHandler} does for frames. Stateless, hence shareable.
 */
@Sharable
final class DatagramEchoHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        // The content's reference passes to the reply, which the outbound buffer releases once sent.
        ctx.write(new DatagramPacket(packet.content(), packet.sender()));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram channel is not closed for a bad datagram or an ICMP error: keep serving.
    }
}
