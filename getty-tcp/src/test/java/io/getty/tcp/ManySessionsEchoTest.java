package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.closeGroup;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many sessions at once, each echoing many packets of assorted sizes, every byte checked. */
@Timeout(90)
class ManySessionsEchoTest {
    private static final int WANTED_SESSIONS = 1000;
    private static final int PACKETS = 100;

    static byte[] payload(int session, int seq) {
        int size = (session * 31 + seq * 17) % 700; // 0..699 bytes, zero-length packets included
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (session * 7 + seq * 13 + i);
        }
        return b;
    }

    /**
     * How many sessions fit under the open-file limit: each takes two descriptors here (both ends are in this
     * process), with room to spare for the JVM. 1000 where the limit allows (it is 20000 on the dev machine; a
     * CI machine with the common 1024 limit runs fewer, and says so).
     */
    static int sessionsWithinFdLimit() {
        long limit = TcpTestSupport.openFileLimit();
        int open = Math.max(0, TcpTestSupport.openFileDescriptors());
        if (limit < 0) {
            return WANTED_SESSIONS;
        }
        long fit = (limit - open - 200) / 2;
        int n = (int) Math.max(50, Math.min(WANTED_SESSIONS, fit));
        if (n < WANTED_SESSIONS) {
            System.err.println("ManySessionsEchoTest: open-file limit " + limit + " allows " + n + " sessions, not "
                    + WANTED_SESSIONS);
        }
        return n;
    }

    /** The client side of one session: sends all its packets at once, then checks each echo in order. */
    private static final class Checker implements EventListener<ByteBuffer> {
        private final int id;
        private final CountDownLatch done;
        private final ConcurrentLinkedQueue<String> failures;
        private int next;

        Checker(int id, CountDownLatch done, ConcurrentLinkedQueue<String> failures) {
            this.id = id;
            this.done = done;
            this.failures = failures;
        }

        @Override
        public void onOpen(Session session) {
            for (int seq = 0; seq < PACKETS; seq++) {
                session.writePkg(ByteBuffer.wrap(payload(id, seq)));
            }
        }

        @Override
        public void onMessage(Session session, ByteBuffer pkg) {
            if (next >= PACKETS) {
                failures.add("session " + id + ": an extra packet");
                return;
            }
            if (!Arrays.equals(TcpTestSupport.bytes(pkg), payload(id, next))) {
                failures.add("session " + id + ": packet " + next + " differs");
            }
            if (++next == PACKETS) {
                done.countDown();
            }
        }

        @Override
        public void onError(Session session, Throwable cause) {
            failures.add("session " + id + ": " + cause);
        }

        @Override
        public void onClose(Session session) {
            if (next < PACKETS) {
                failures.add("session " + id + " closed after " + next + " echoes");
            }
        }
    }

    @Test
    void everySessionGetsEveryEchoInOrder() throws Exception {
        int sessions = sessionsWithinFdLimit();
        TcpServer server = server()
                .onNewSession(s -> s.codec(CODEC).listener((EventListener<ByteBuffer>) (session, pkg) -> session.writePkg(pkg)))
                .start();
        EventLoopGroup clientLoops = EventLoopGroup.create(2);
        List<TcpClient> clients = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(sessions);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            for (int c = 0; c < sessions; c++) {
                int id = c;
                clients.add(TcpTestSupport.newClient()
                        .loopGroup(clientLoops)
                        .remoteAddress(server.localAddress())
                        .connectTimeout(Duration.ofSeconds(20))
                        .onNewSession(s -> s.codec(CODEC).listener(new Checker(id, done, failures)))
                        .start());
                if (c % 200 == 199) {
                    // Connect in waves, so that a small listen queue does not drop SYNs (and retry after 1 s).
                    for (TcpClient client : clients.subList(c - 199, c + 1)) {
                        client.connectFuture().get(30, TimeUnit.SECONDS);
                    }
                }
            }
            for (TcpClient client : clients) {
                client.connectFuture().get(30, TimeUnit.SECONDS);
            }
            boolean finished = done.await(60, TimeUnit.SECONDS);
            assertThat(failures).isEmpty();
            assertThat(finished).as("%d of %d sessions still waiting for echoes", done.getCount(), sessions).isTrue();
            assertThat(server.sessionCount()).isEqualTo(sessions);
            long packetsIn = server.sessions().stream().mapToLong(s -> s.stats().packetsRead()).sum();
            assertThat(packetsIn).isEqualTo((long) sessions * PACKETS);
        } finally {
            closeAll(clients.toArray(new TcpClient[0]));
            closeAll(server);
            closeGroup(clientLoops);
        }
        assertThat(failures).as("nothing went wrong while closing").isEmpty();
    }
}
