package io.getty.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against a WebSocket server that is not ours: Netty's {@code WebSocketServerProtocolHandler}. */
class NettyServerInteropTest {
    private static final int MAX = 16 << 20;
    private EventLoopGroup group;
    private Channel listener;
    private WsClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
            client.closeFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        if (listener != null) {
            listener.close().sync();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private int startNetty(boolean compression) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                        if (compression) {
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler(0));
                        }
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/echo").allowExtensions(compression).maxFramePayloadLength(MAX)
                                        .build()),
                                new WebSocketFrameAggregator(MAX),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                                        if (frame instanceof TextWebSocketFrame text) {
                                            ctx.writeAndFlush(new TextWebSocketFrame(text.text()));
                                        } else if (frame instanceof BinaryWebSocketFrame binary) {
                                            ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void echoesThroughNetty(boolean compression) throws Exception {
        int port = startNetty(compression);
        WsTestSupport.Recorder recorder = new WsTestSupport.Recorder(false);
        client = WsClient.builder().uri("ws://127.0.0.1:" + port + "/echo").threads(1).compression(compression)
                .maxMessageLength(MAX).writeBufferLimit(2 * MAX)
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), recorder)).start();
        Session session = client.connectFuture().get(5, TimeUnit.SECONDS);
        assertThat(WebSocketInfo.of(session).compressed()).isEqualTo(compression);
        session.writePkg("hello Netty ✓");
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("hello Netty ✓");
        Random random = new Random(3);
        for (int size : new int[] {0, 125, 126, 65536, 1_000_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            session.writePkg(ByteBuffer.wrap(bytes));
            assertThat((byte[]) recorder.messages.poll(5, TimeUnit.SECONDS)).as("size %d", size).isEqualTo(bytes);
        }
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "in ", false));
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "three ", false));
        session.writePkg(WebSocketMessage.fragment(MessageType.TEXT, "frames", true));
        assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("in three frames");
        byte[] big = new byte[MAX];
        random.nextBytes(big);
        session.writePkg(ByteBuffer.wrap(big));
        Object echoed = recorder.messages.poll(20, TimeUnit.SECONDS);
        assertThat(java.util.Arrays.equals((byte[]) echoed, big))
                .as("16 MiB through Netty: %s %s %s", echoed == null ? null : ((byte[]) echoed).length,
                        recorder.errors, recorder.closed).isTrue();
        WebSocket.close(session, 1000, "bye");
        assertThat(recorder.closed.poll(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(WebSocket.closeStatus(session).code()).isEqualTo(1000);
        assertThat(recorder.errors).isEmpty();
    }
}
