package io.getty.benchmarks.netty;

import io.getty.benchmarks.server.EchoServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty 4.2 UDP baseline, written the way Netty's documentation tells users to: a
 * {@link MultiThreadIoEventLoopGroup} with {@link NioIoHandler}, one {@link NioDatagramChannel} with the
 * default (pooled) allocator and receive buffers, and a {@link DatagramEchoHandler} that writes each datagram
 * back to its sender and flushes once per read batch. One channel runs on one loop, whatever the threads.
 */
public final class NettyUdpEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final Channel channel;

    private NettyUdpEchoServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static NettyUdpEchoServer start(String host, int port, int threads) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("netty-echo-udp"),
                NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .handler(new DatagramEchoHandler())
                    .bind(host, port).sync().channel();
            return new NettyUdpEchoServer(group, channel);
        } catch (Exception e) {
            // Includes a BindException, which sync() throws undeclared: the loop threads must not outlive it.
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
