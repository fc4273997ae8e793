package io.getty.benchmarks.netty;

import io.getty.benchmarks.server.EchoServer;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The Netty 4.2 WebSocket baseline, as Netty's own WebSocket server example builds it: {@link HttpServerCodec},
 * {@link HttpObjectAggregator} for the upgrade request, {@link WebSocketServerProtocolHandler} at
 * {@code /echo} (handshake, pings, close, frames up to 1 MiB), then a handler that writes each text or binary
 * frame back and flushes once per read batch. The same loop set-up as {@link NettyEchoServer} ({@link NettyTcpServer}).
 */
public final class NettyWsEchoServer implements EchoServer {
    /** The path the load generator asks for. */
    public static final String PATH = "/echo";

    private final NettyTcpServer server;

    private NettyWsEchoServer(NettyTcpServer server) {
        this.server = server;
    }

    public static NettyWsEchoServer start(String host, int port, int workerThreads) throws InterruptedException {
        MessageEcho echo = new MessageEcho();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH).maxFramePayloadLength(NettyEchoServer.MAX_FRAME).build();
        return new NettyWsEchoServer(NettyTcpServer.start("netty-ws", host, port, workerThreads,
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(config), echo);
                    }
                }));
    }

    /** Writes text and binary frames back as they are (the frame passes to the outbound buffer). */
    @Sharable
    static final class MessageEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof BinaryWebSocketFrame || msg instanceof TextWebSocketFrame) {
                ctx.write(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    @Override
    public void close() {
        server.close();
    }
}
