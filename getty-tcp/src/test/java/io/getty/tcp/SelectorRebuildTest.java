package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.closeGroup;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.loop.LoopGroup;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The selector rebuild (the cure for the JDK's empty-select spin) moves every live channel intact. */
@Timeout(60)
class SelectorRebuildTest {

    private static long rebuilds(EventLoop loop) throws Exception {
        return CompletableFuture.supplyAsync(loop::selectorRebuilds, loop).get(10, TimeUnit.SECONDS);
    }

    @Test
    void liveSessionsAcceptorAndPendingOutputSurviveARebuild() throws Exception {
        EventLoopGroup group = EventLoopGroup.create(2);
        LoopGroup loops = LoopGroup.of(group);
        Accepted accepted = new Accepted();
        TcpServer server = server().loopGroup(group)
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * 1024)) // not auto-tuned: output backs up
                .onNewSession(accepted.initializer(Recorder::new)).start();
        Recorder clientSide = new Recorder((s, pkg) -> { });
        TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress()).loopGroup(group)
                .onNewSession(s -> s.codec(CODEC).listener(clientSide)).start();
        List<FrameClient> plain = new ArrayList<>();
        try {
            Session clientSession = get(client.connectFuture());
            for (int i = 0; i < 4; i++) {
                FrameClient c = FrameClient.connect(server.port());
                plain.add(c);
                assertThat(c.echo("before " + i)).isEqualTo("before " + i);
            }
            // A session waiting for OP_WRITE: its peer has not read yet.
            FrameClient lazy = FrameClient.connect(server.port(), 64 * 1024);
            plain.add(lazy);
            Session stuck = get(accepted.of(lazy).opened);
            byte[] big = new byte[64 * 1024];
            new java.util.Random(3).nextBytes(big); // incompressible: the suite also runs with deflate under it
            for (int i = 0; i < 16; i++) {
                stuck.writePkg(ByteBuffer.wrap(big));
            }
            TcpTestSupport.await("output pending", () -> stuck.pendingWriteBytes() > 0);

            for (int round = 1; round <= 2; round++) {
                for (int i = 0; i < loops.size(); i++) {
                    loops.loop(i).rebuildSelectorLater();
                }
                for (int i = 0; i < loops.size(); i++) {
                    assertThat(rebuilds(loops.loop(i))).isEqualTo(round);
                }
                for (int i = 0; i < 4; i++) {
                    assertThat(plain.get(i).echo("after " + round + "." + i)).isEqualTo("after " + round + "." + i);
                }
                try (FrameClient newcomer = FrameClient.connect(server.port())) { // the acceptor moved too
                    assertThat(newcomer.echo("new " + round)).isEqualTo("new " + round);
                }
                clientSession.writePkg(buffer("client " + round));
                byte[] echoed = clientSide.received.poll(10, TimeUnit.SECONDS);
                assertThat(echoed).isNotNull();
                assertThat(new String(echoed, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("client " + round);
            }
            for (int i = 0; i < 16; i++) {
                assertThat(lazy.receive()).isEqualTo(big); // OP_WRITE interest was carried over
            }
            assertThat(lazy.echo("caught up")).isEqualTo("caught up");
            assertThat(accepted.all).allMatch(r -> r.errors.isEmpty());
        } finally {
            for (FrameClient c : plain) {
                c.close();
            }
            closeAll(client, server);
            closeGroup(group);
        }
    }
}
