package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.core.SessionSetup;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which sessions {@code sessions()} shows (only open ones: their {@code onOpen} returned), and what a write
 * to a session that has not opened yet does (it never fails the session).
 */
@Timeout(60)
class SessionVisibilityTest {

    private static boolean listed(Collection<Session> sessions, Session s) {
        return sessions.stream().anyMatch(x -> x.id() == s.id());
    }

    /** A recorder that notes, in {@code onOpen}, whether {@code sessions} lists its session. */
    private static Recorder checkingOnOpen(Supplier<Collection<Session>> sessions, List<String> problems, String who) {
        return new Recorder() {
            @Override
            public void onOpen(Session s) {
                if (listed(sessions.get(), s)) {
                    problems.add(who + ": listed by sessions() during its onOpen");
                }
                super.onOpen(s);
            }
        };
    }

    // issue 12, defect 4: sessions() listed sessions still in their initializer or onOpen
    @Test
    void serverSessionsListsASessionOnlyOnceItsOnOpenReturned() throws Exception {
        AtomicReference<TcpServer> serverRef = new AtomicReference<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Recorder> recorders = new CopyOnWriteArrayList<>();
        TcpServer server = server()
                .onNewSession(s -> {
                    if (listed(serverRef.get().sessions(), s)) {
                        problems.add("server: listed by sessions() during its initializer");
                    }
                    Recorder r = checkingOnOpen(() -> serverRef.get().sessions(), problems, "server");
                    recorders.add(r);
                    s.codec(CODEC).listener(r);
                })
                .start();
        serverRef.set(server); // before any connection is made
        try (FrameClient client = FrameClient.connect(server.port())) {
            assertThat(client.echo("opened")).isEqualTo("opened");
            Session s = recorders.get(0).session;
            assertThat(listed(server.sessions(), s)).as("listed once open").isTrue();
            assertThat(problems).isEmpty();
        } finally {
            closeAll(server);
        }
    }

    // issue 12, defect 4: the same for a client
    @Test
    void clientSessionsListsItsSessionOnlyOnceItsOnOpenReturned() throws Exception {
        TcpServer server = server().onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        AtomicReference<TcpClient> clientRef = new AtomicReference<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Supplier<Collection<Session>> clientSessions = () -> {
            while (clientRef.get() == null) {
                Thread.onSpinWait(); // set right after start() returns
            }
            return clientRef.get().sessions();
        };
        TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress()).threads(1)
                .onNewSession(s -> {
                    if (listed(clientSessions.get(), s)) {
                        problems.add("client: listed by sessions() during its initializer");
                    }
                    s.codec(CODEC).listener(checkingOnOpen(clientSessions, problems, "client"));
                })
                .start();
        clientRef.set(client);
        try {
            Session s = get(client.connectFuture());
            await("the client's session is listed", () -> listed(client.sessions(), s));
            assertThat(problems).isEmpty();
        } finally {
            closeAll(client, server);
        }
    }

    /** Sends {@code text} and reads until its echo, skipping {@code allowedBefore}; says why if the session ended. */
    private static void assertEchoes(FrameClient client, Recorder r, String text, Set<String> allowedBefore)
            throws IOException {
        client.send(text);
        try {
            while (true) {
                String got = client.receiveString();
                if (got.equals(text)) {
                    return;
                }
                assertThat(allowedBefore).as("a frame before the echo").contains(got);
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            throw new AssertionError("the session ended instead of echoing " + text + ": " + r.eventList()
                    + ", errors " + r.errors, e);
        }
    }

    // issue 12, defect 4: a write made while the session was being set up failed the whole session
    @Test
    void writesMadeWhileASessionIsBeingSetUpDoNotFailIt() throws Exception {
        CompletableFuture<SessionSetup> inInitializer = new CompletableFuture<>();
        CountDownLatch written = new CountDownLatch(1);
        Recorder r = new Recorder();
        TcpServer server = server()
                .onNewSession(s -> {
                    inInitializer.complete(s);
                    try {
                        written.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // the test writes now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    s.codec(CODEC).listener(r);
                })
                .start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            Session s = get(inInitializer);
            s.sendPkg(buffer("early send"));
            WriteFuture early = s.writePkg(buffer("early write"));
            written.countDown();
            get(r.opened);
            assertEchoes(client, r, "hello", Set.of("early send", "early write"));
            await("the early write is done, one way or the other", early::isDone);
            assertThat(r.errors).isEmpty();
            assertThat(s.isClosed()).isFalse();
        } finally {
            closeAll(server);
        }
    }

    // issue 12, defect 4: broadcasting to sessions() while clients connect killed some of them
    @Test
    void greetingEverySessionThatSessionsListsWhileClientsConnectFailsNone() throws Exception {
        int clients = 300;
        TcpServer server = server().onNewSession(s -> s.codec(CODEC).listener(new Recorder())).start();
        Set<Long> greeted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        Thread greeter = new Thread(() -> {
            while (!stop.get()) {
                for (Session s : server.sessions()) {
                    if (greeted.add(s.id())) {
                        s.sendPkg(buffer("welcome"));
                    }
                }
                Thread.yield();
            }
        }, "greeter");
        List<FrameClient> connections = new ArrayList<>();
        greeter.start();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(FrameClient.connect(server.port()));
            }
            await("every connection greeted", () -> greeted.size() >= clients);
            stop.set(true);
            greeter.join(WAIT.toMillis());
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                FrameClient c = connections.get(i);
                try {
                    assertThat(c.receiveString()).isEqualTo("welcome");
                    assertThat(c.echo("ping " + i)).isEqualTo("ping " + i);
                } catch (IOException e) {
                    lost.add(i + ": " + e);
                }
            }
            assertThat(lost.size()).as("connections of %d that the server closed; the first: %s",
                    clients, lost.subList(0, Math.min(5, lost.size()))).isZero();
        } finally {
            stop.set(true);
            greeter.join(WAIT.toMillis());
            for (FrameClient c : connections) {
                c.close();
            }
            closeAll(server);
        }
    }
}
