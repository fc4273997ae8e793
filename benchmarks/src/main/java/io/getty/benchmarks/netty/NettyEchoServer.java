package io.getty.benchmarks.netty;

import io.getty.benchmarks.net.BenchmarkTls;
import io.getty.benchmarks.net.Wire;
import io.getty.benchmarks.server.EchoServer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * The Netty 4.2 baseline, written the way Netty's documentation tells users to: a one-thread boss
 * group and an N-thread worker group of {@link MultiThreadIoEventLoopGroup} with
 * {@link NioIoHandler}, the default (pooled) allocator, TCP_NODELAY, a
 * {@link LengthFieldBasedFrameDecoder} that keeps the length prefix in the frame, and a
 * {@link FrameEchoHandler} that writes each frame back and flushes once per read batch (the loop set-up is
 * {@link NettyTcpServer}'s).
 *
 * <p>With {@link Wire#TLS}, an {@link SslHandler} first in the pipeline, from an {@link SslContext} on the JDK's
 * provider ({@link BenchmarkTls#nettyServer()}). With {@link Wire#DEFLATE}, Netty's own raw-DEFLATE codec on the
 * JDK's zlib: a {@link JdkZlibDecoder} and a {@link JdkZlibEncoder} at level 1 ({@link ZlibWrapper#NONE}), which
 * compresses and {@code SYNC_FLUSH}es each buffer written; a {@link FlushBatcher} before it gathers the frames
 * echoed between two flushes (one read batch) into one buffer, so it does that once per batch, like getty.
 */
public final class NettyEchoServer implements EchoServer {

    /** Frames (length prefix included) up to 1 MiB, like the load generator allows. */
    public static final int MAX_FRAME = 1 << 20;

    private final NettyTcpServer server;

    private NettyEchoServer(NettyTcpServer server) {
        this.server = server;
    }

    public static NettyEchoServer start(String host, int port, int workerThreads) throws InterruptedException {
        return start(host, port, workerThreads, Wire.PLAIN);
    }

    /** The server over {@code wire}: plain, TLS or deflate. */
    public static NettyEchoServer start(String host, int port, int workerThreads, Wire wire)
            throws InterruptedException {
        SslContext tls;
        try {
            tls = wire == Wire.TLS ? BenchmarkTls.nettyServer() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("the benchmark certificate does not load: " + e, e);
        }
        FrameEchoHandler echo = new FrameEchoHandler();
        return new NettyEchoServer(NettyTcpServer.start("netty-echo", host, port, workerThreads,
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // The decoder keeps per-connection state, so one per channel; the echo handler is shared.
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        } else if (wire == Wire.DEFLATE) {
                            // The batcher gathers the frames of a read batch, so the encoder deflates and
                            // flushes once per batch, as getty's DeflateLayer does, not once per frame.
                            ch.pipeline().addLast(new JdkZlibDecoder(ZlibWrapper.NONE),
                                    new JdkZlibEncoder(ZlibWrapper.NONE, 1), new FlushBatcher());
                        }
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0), echo);
                    }
                }));
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
