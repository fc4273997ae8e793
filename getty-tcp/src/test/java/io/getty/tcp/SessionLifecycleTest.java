package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static io.getty.tcp.TcpTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.IncompletePacketException;
import io.getty.core.Session;
import io.getty.core.SessionClosedException;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cron, activity, and every way a session closes. */
@Timeout(60)
class SessionLifecycleTest {
    private static final long WAIT_SECONDS = TcpTestSupport.WAIT.toSeconds();

    // ------------------------------------------------------------------ cron, activity, idle time

    @Test
    void cronFiresAtItsPeriod() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().cronPeriod(Duration.ofMillis(100)).onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.next();
            get(r.opened);
            long start = System.nanoTime();
            Thread.sleep(1000);
            int crons = r.crons.get();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // Never early, so at most one per period (plus one for the period begun before start); a loaded
            // machine may be late, so the lower bound is loose.
            assertThat(crons).isBetween(3, (int) (elapsedMs / 100) + 2);
            assertThat(client.echo("still open")).isEqualTo("still open");
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aZeroCronPeriodTurnsCronOff() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().cronPeriod(Duration.ZERO).onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.next();
            get(r.opened);
            Thread.sleep(300);
            assertThat(client.echo("x")).isEqualTo("x");
            assertThat(r.crons.get()).isZero();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void activeTimeMovesOnReadsAndIdleTimeGrowsWithoutThem() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Session s = get(accepted.next().opened);
            Instant first = s.getActive();
            Thread.sleep(60);
            assertThat(client.echo("a")).isEqualTo("a");
            Instant afterRead = s.getActive();
            assertThat(Duration.between(first, afterRead)).as("a read moves the active time")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(55));
            Thread.sleep(300);
            assertThat(s.getActive()).as("nothing read: unchanged").isEqualTo(afterRead);
            assertThat(s.idleTime()).isGreaterThanOrEqualTo(Duration.ofMillis(295));
            s.updateActive();
            assertThat(s.idleTime()).isLessThan(Duration.ofMillis(250));
            assertThat(s.getActive()).isAfter(afterRead);
            assertThat(s.stats().packetsRead()).isEqualTo(1);
            assertThat(s.stats().packetsWritten()).isEqualTo(1);
            assertThat(s.stats().bytesRead()).isEqualTo(5);
            assertThat(s.stats().bytesWritten()).isEqualTo(5);
        } finally {
            closeAll(server);
        }
    }

    @Test
    void anIdleSessionClosedFromOnCronWhileABusyOneStays() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .cronPeriod(Duration.ofMillis(50))
                .onNewSession(accepted.initializer(() -> new Recorder() {
                    @Override
                    public void onCron(Session s) {
                        super.onCron(s);
                        if (s.idleTime().compareTo(Duration.ofMillis(400)) > 0) {
                            s.close(); // the heartbeat check of the design sketch
                        }
                    }
                }))
                .start();
        try (FrameClient busy = FrameClient.connect(server.port());
             FrameClient idle = FrameClient.connect(server.port())) {
            Recorder busySide = accepted.of(busy);
            Recorder idleSide = accepted.of(idle);
            long until = System.nanoTime() + 1_200_000_000L;
            while (System.nanoTime() < until) {
                assertThat(busy.echo("ping")).isEqualTo("ping");
                Thread.sleep(100);
            }
            assertThat(idle.closedByPeer()).isTrue();
            idle.socket.close(); // a graceful close waits for the peer's end (up to its linger), so that no reset loses data
            await("the idle session's onClose", () -> idleSide.closes.get() == 1);
            assertThat(busySide.closes.get()).isZero();
            assertThat(busy.echo("still here")).isEqualTo("still here");
        } finally {
            closeAll(server);
        }
    }

    // ------------------------------------------------------------------ closing

    @Test
    void serverClosesAfterItsReplyAndTheClientGetsTheWholeReplyThenEof() throws Exception {
        byte[] reply = new byte[2 * 1024 * 1024 + 7]; // many flushes: the close must wait for all of them
        for (int i = 0; i < reply.length; i++) {
            reply[i] = (byte) (i * 31);
        }
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .onNewSession(accepted.initializer(() -> new Recorder((s, pkg) -> {
                    s.writePkg(ByteBuffer.wrap(reply));
                    s.close();
                    s.close(); // idempotent
                    assertThat(s.isClosed()).isTrue();
                    assertThat(s.writePkg(buffer("too late")).cause()).isInstanceOf(SessionClosedException.class);
                })))
                .start();
        try (FrameClient client = FrameClient.connect(server.port(), 32 * 1024)) {
            client.send("bye");
            Thread.sleep(200); // the server has closed (gracefully) and is waiting for the client to read
            assertThat(client.receive()).isEqualTo(reply);
            assertThat(client.in.read()).as("EOF after the reply, not a reset").isEqualTo(-1);
            Recorder r = accepted.next();
            get(r.closed);
            // 2 MiB is past the high water mark, and all of it was sent before the close.
            assertThat(r.eventList()).containsExactly("open", "writable=false", "writable=true", "close");
        } finally {
            closeAll(server);
        }
    }

    @Test
    void peerCloseGivesOneOnCloseAndNoError() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new)).start();
        Recorder clientSide = new Recorder();
        TcpClient tcpClient = null;
        try {
            FrameClient plain = FrameClient.connect(server.port());
            Recorder plainSide = accepted.next();
            assertThat(plain.echo("hi")).isEqualTo("hi");
            plain.close();
            get(plainSide.closed);

            tcpClient = TcpTestSupport.newClient().remoteAddress(server.localAddress())
                    .onNewSession(s -> s.codec(CODEC).listener(clientSide)).start();
            Session session = get(tcpClient.connectFuture());
            Recorder tcpSide = accepted.next();
            session.writePkg(buffer("hello"));
            assertThat(new String(clientSide.received.poll(10, java.util.concurrent.TimeUnit.SECONDS), "UTF-8")).isEqualTo("hello");
            session.close();
            get(tcpSide.closed);
            get(clientSide.closed);

            Thread.sleep(100); // a second onClose would show now
            for (Recorder r : List.of(plainSide, tcpSide, clientSide)) {
                assertThat(r.eventList()).containsExactly("open", "close");
            }
            await("server sessions gone", () -> server.sessionCount() == 0);
        } finally {
            closeAll(tcpClient, server);
        }
        assertThat(clientSide.closes.get()).isEqualTo(1);
    }

    @Test
    void aPeerThatHalfClosesAfterItsPacketsGetsEveryEchoThenEof() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) {
                burst.writeBytes(TcpTestSupport.frame(utf8("packet " + i)));
            }
            client.sendRaw(burst.toByteArray());
            client.socket.shutdownOutput();
            for (int i = 0; i < 2000; i++) {
                assertThat(client.receiveString()).isEqualTo("packet " + i);
            }
            assertThat(client.in.read()).as("then EOF").isEqualTo(-1);
            Recorder r = accepted.next();
            get(r.closed);
            assertThat(r.errors).as("a clean EOF between packets is no error").isEmpty();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void eofInTheMiddleOfAPacketIsAnIncompletePacketError() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(Recorder::new)).start();
        try {
            // A whole packet, then 10 of 100 payload bytes: the whole one is delivered, then the error.
            assertIncomplete(server, accepted, concat(TcpTestSupport.frame(utf8("whole")), header(100), new byte[10]), 14, 1);
            // EOF inside the length field.
            assertIncomplete(server, accepted, new byte[] {0, 0}, 2, 0);
            // A large packet still arriving (kept in the session's own buffer, not the loop's shared one).
            assertIncomplete(server, accepted, concat(header(100_000), new byte[50_000]), 50_004, 0);
            // And a session that ends cleanly right after it is unaffected.
            try (FrameClient other = FrameClient.connect(server.port())) {
                assertThat(other.echo("fine")).isEqualTo("fine");
            }
        } finally {
            closeAll(server);
        }
    }

    private static void assertIncomplete(TcpServer server, Accepted accepted, byte[] sent, int unread, int whole)
            throws Exception {
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.next();
            get(r.opened);
            client.sendRaw(sent);
            client.socket.shutdownOutput();
            Throwable error = get(r.failed);
            assertThat(error).isInstanceOfSatisfying(IncompletePacketException.class,
                    e -> assertThat(e.unreadBytes()).isEqualTo(unread));
            get(r.closed);
            Thread.sleep(50);
            List<String> expected = new ArrayList<>();
            expected.add("open");
            expected.add("error:IncompletePacketException");
            expected.add("close");
            assertThat(r.eventList()).isEqualTo(expected);
            assertThat(r.messages.get()).isEqualTo(whole);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void closeNowFailsThePendingWritesWithSessionClosed() throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * 1024))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        try (FrameClient lazy = FrameClient.connect(server.port(), 64 * 1024)) { // never reads
            Recorder r = accepted.next();
            Session s = get(r.opened);
            ByteBuffer big = ByteBuffer.allocate(64 * 1024);
            List<WriteFuture> futures = new ArrayList<>();
            while (s.pendingWriteBytes() < 1024 * 1024) { // well past what the kernel takes: the rest waits
                futures.add(s.writePkg(big));
                Thread.sleep(1);
            }
            // A future asked for while the write waits is completed by the close, too.
            java.util.concurrent.CompletableFuture<Void> lastWaiting = futures.get(futures.size() - 1).toCompletableFuture();
            assertThat(lastWaiting).isNotDone();
            s.closeNow();
            s.closeNow(); // idempotent
            assertThat(s.isClosed()).isTrue();
            assertThat(lastWaiting).failsWithin(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(SessionClosedException.class);
            await("every write done", () -> futures.stream().allMatch(WriteFuture::isDone));
            // A write the kernel took before the close went through; every other one failed.
            for (WriteFuture f : futures) {
                if (!f.isSuccess()) {
                    assertThat(f.cause()).isInstanceOf(SessionClosedException.class);
                    assertThatThrownBy(() -> get(f.toCompletableFuture()))
                            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SessionClosedException.class);
                }
            }
            // The kernel holds a few hundred KiB at most: the last 512 KiB cannot have been sent.
            for (WriteFuture f : futures.subList(futures.size() - 8, futures.size())) {
                assertThat(f.isSuccess()).isFalse();
            }
            WriteFuture late = s.writePkg(big);
            assertThat(late.isDone()).as("a write after close fails at once").isTrue();
            assertThat(late.cause()).isInstanceOf(SessionClosedException.class);
            get(r.closed);
            assertThat(r.errors).as("closeNow is not an error").isEmpty();
            assertThat(r.closes.get()).isEqualTo(1);
            assertThat(lazy.closedByPeer()).isTrue();
        } finally {
            closeAll(server);
        }
    }

    @Test
    void writingAndClosingFromOnErrorAndOnCloseIsHarmless() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> writeInOnError = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Throwable> writeInOnClose = new java.util.concurrent.CompletableFuture<>();
        Accepted accepted = new Accepted();
        TcpServer server = server().maxMessageLength(16)
                .onNewSession(accepted.initializer(() -> new Recorder() {
                    @Override
                    public void onError(Session s, Throwable cause) {
                        super.onError(s, cause);
                        writeInOnError.complete(s.writePkg(buffer("too late")).cause());
                        s.close();
                        s.closeNow();
                    }

                    @Override
                    public void onClose(Session s) {
                        super.onClose(s);
                        writeInOnClose.complete(s.writePkg(buffer("too late")).cause());
                        s.close();
                    }
                }))
                .start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Recorder r = accepted.next();
            client.send(new byte[17]); // over the max: the session fails
            assertThat(get(writeInOnError)).isInstanceOf(SessionClosedException.class);
            assertThat(get(writeInOnClose)).isInstanceOf(SessionClosedException.class);
            Thread.sleep(50);
            assertThat(r.eventList()).containsExactly("open", "error:FrameTooLongException", "close");
            try (FrameClient other = FrameClient.connect(server.port())) {
                assertThat(other.echo("fine")).isEqualTo("fine");
            }
        } finally {
            closeAll(server);
        }
    }

    @Test
    void onCloseExactlyOnceForEveryOpenedSessionAndNeverForARefusedOne() throws Exception {
        int connections = 48;
        AtomicInteger n = new AtomicInteger();
        List<Recorder> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Recorder> refusedByInitializer = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Recorder> refusedByOnOpen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TcpServer server = server()
                .cronPeriod(Duration.ofMillis(20))
                .onNewSession(s -> {
                    int i = n.getAndIncrement();
                    switch (i % 3) {
                        case 0 -> {
                            Recorder r = new Recorder();
                            opened.add(r);
                            s.codec(CODEC).listener(r);
                        }
                        case 1 -> {
                            Recorder r = new Recorder();
                            refusedByInitializer.add(r);
                            s.codec(CODEC).listener(r);
                            throw new IllegalStateException("refused by the initializer (test)");
                        }
                        default -> {
                            Recorder r = new Recorder() {
                                @Override
                                public void onOpen(Session session) {
                                    super.onOpen(session);
                                    throw new IllegalStateException("refused by onOpen (test)");
                                }
                            };
                            refusedByOnOpen.add(r);
                            s.codec(CODEC).listener(r);
                        }
                    }
                })
                .start();
        List<FrameClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                FrameClient c = FrameClient.connect(server.port());
                clients.add(c);
                if (i % 3 == 0) {
                    assertThat(c.echo("session " + i)).isEqualTo("session " + i);
                } else {
                    assertThat(c.closedByPeer()).as("connection %d is refused", i).isTrue();
                }
            }
            // Half of the open sessions are closed by their peer, the rest by the server's close.
            for (int i = 0; i < connections; i += 6) {
                clients.get(i).close();
            }
            await("peer-closed sessions closed", () -> opened.stream().filter(r -> r.closes.get() == 1).count() >= connections / 6);
        } finally {
            closeAll(server);
            for (FrameClient c : clients) {
                c.close();
            }
        }
        Thread.sleep(100); // a late second onClose would show now
        assertThat(opened).hasSize(connections / 3);
        for (Recorder r : opened) {
            assertThat(r.opens.get()).isEqualTo(1);
            assertThat(r.closes.get()).isEqualTo(1);
            assertThat(r.errors).isEmpty();
        }
        for (Recorder r : refusedByInitializer) {
            assertThat(r.eventList()).as("no callback for a session its initializer refused").isEmpty();
            assertThat(r.crons.get()).isZero();
        }
        for (Recorder r : refusedByOnOpen) {
            assertThat(r.eventList()).as("only the onOpen that threw").containsExactly("open");
            assertThat(r.crons.get()).isZero();
        }
        assertThat(server.sessionCount()).isZero();
    }

    @Test
    void aRefusedClientSessionFailsItsConnectFuture() throws Exception {
        TcpServer server = server().onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        Recorder refusing = new Recorder() {
            @Override
            public void onOpen(Session session) {
                super.onOpen(session);
                throw new IllegalStateException("no thanks");
            }
        };
        TcpClient byOnOpen = TcpTestSupport.newClient().remoteAddress(server.localAddress())
                .reconnect(io.getty.core.Reconnect.never()) // one refusal to look at, not one every 300 ms
                .onNewSession(s -> s.codec(CODEC).listener(refusing)).start();
        TcpClient byInitializer = TcpTestSupport.newClient().remoteAddress(server.localAddress())
                .reconnect(io.getty.core.Reconnect.never())
                .onNewSession(s -> {
                    throw new IllegalArgumentException("not today");
                }).start();
        try {
            assertThatThrownBy(() -> get(byOnOpen.connectFuture())).hasRootCauseMessage("no thanks");
            assertThatThrownBy(() -> get(byInitializer.connectFuture())).hasRootCauseMessage("not today");
            Thread.sleep(100);
            assertThat(refusing.eventList()).containsExactly("open");
            await("the server saw both go", () -> server.sessionCount() == 0);
        } finally {
            closeAll(byOnOpen, byInitializer, server);
        }
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
