package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EncodeException;
import io.getty.core.Session;
import io.getty.core.WriteBufferFullException;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sendPkg}: a write without a future, whose failures fail the session instead of a future. */
@Timeout(60)
class SendPkgTest {

    @Test
    void echoesOnTheLoopAndFromAnotherThread() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(() -> new Recorder(Session::sendPkg))).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            for (int i = 0; i < 100; i++) {
                assertThat(client.echo("on the loop " + i)).isEqualTo("on the loop " + i);
            }
            Session session = get(accepted.of(client).opened);
            for (int i = 0; i < 100; i++) {
                session.sendPkg(buffer("from a test thread " + i));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(client.receiveString()).isEqualTo("from a test thread " + i);
            }
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aPacketPastTheWriteBufferLimitFailsTheSessionWithWhy() throws Exception {
        int limit = 256 * 1024;
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .writeBufferLimit(limit)
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * 1024))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        try (FrameClient survivor = FrameClient.connect(server.port());
             FrameClient lazy = FrameClient.connect(server.port(), 64 * 1024)) {
            Recorder r = accepted.of(lazy);
            Session s = get(r.opened);
            ByteBuffer big = ByteBuffer.allocate(64 * 1024);
            for (int i = 0; i < 1000 && !s.isClosed(); i++) {
                s.sendPkg(big); // the peer never reads: sooner or later one does not fit
                Thread.sleep(1);
            }
            assertThat(get(r.failed)).isInstanceOf(WriteBufferFullException.class);
            get(r.closed);
            assertThat(r.eventList()).containsSubsequence("error:WriteBufferFullException", "close");
            assertThat(s.pendingWriteBytes()).isLessThanOrEqualTo(limit);
            assertThat(survivor.echo("still here")).isEqualTo("still here");
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aPacketTheWriterRejectsFailsTheSessionWithAnEncodeException() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> s.sendPkg("not a ByteBuffer"))))
                .start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.of(client);
            client.send("anything");
            assertThat(get(r.failed)).isInstanceOf(EncodeException.class)
                    .hasCauseInstanceOf(ClassCastException.class);
            get(r.closed);
            assertThat(client.closedByPeer()).isTrue();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void afterCloseItDropsThePacketAndReportsNothing() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
            s.close();
            s.sendPkg(pkg); // too late: dropped, and the session simply closes
        }))).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.of(client);
            client.send("bye");
            get(r.closed);
            await("the peer sees the close", () -> {
                try {
                    return client.closedByPeer();
                } catch (java.io.IOException e) {
                    return true;
                }
            });
            assertThat(r.errors).isEmpty();
        } finally {
            closeAll(server);
        }
    }
}
