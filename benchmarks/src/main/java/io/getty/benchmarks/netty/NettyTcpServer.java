package io.getty.benchmarks.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The loop set-up the Netty TCP baselines share ({@link NettyEchoServer}, {@link NettyWsEchoServer}), as Netty's
 * documentation has it: a one-thread boss group and an N-thread worker group of
 * {@link MultiThreadIoEventLoopGroup} with {@link NioIoHandler}, the default (pooled) allocator and TCP_NODELAY;
 * each server gives the pipeline of its channels.
 */
final class NettyTcpServer {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;

    private NettyTcpServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /** Binds; the loop threads are named {@code threadPrefix-boss-…} and {@code threadPrefix-worker-…}. */
    static NettyTcpServer start(String threadPrefix, String host, int port, int workerThreads,
                                ChannelInitializer<SocketChannel> pipeline) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadPrefix + "-boss"),
                NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads,
                new DefaultThreadFactory(threadPrefix + "-worker"), NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(pipeline)
                    .bind(host, port).sync().channel();
            return new NettyTcpServer(boss, workers, channel);
        } catch (Exception e) {
            // Includes a BindException, which Netty's sync() throws undeclared: without this the
            // event loop threads would outlive the failed start.
            shutdown(boss, workers);
            throw e;
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown(boss, workers);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        // No quiet period: a benchmark server has nothing left to finish; just stop and join.
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
