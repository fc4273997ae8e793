package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.await;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.tcp.TcpTestSupport.FrameClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Callbacks on a worker executor: per-session order, and never two callbacks of one session at once. */
@Timeout(60)
class WorkerExecutorTest {
    private static final String WORKER = "test-worker-";
    private static final int PING_PONG_FROM = 600;

    private ExecutorService workers;
    private final Set<String> workerThreadsUsed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startWorkers() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> new Thread(r, WORKER + n.getAndIncrement());
        workers = Executors.newFixedThreadPool(4, named);
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static byte[] payload(int client, int seq) {
        int size = 4 + (client * 13 + seq * 7) % 300;
        ByteBuffer b = ByteBuffer.allocate(size).putInt(seq);
        while (b.hasRemaining()) {
            b.put((byte) (client + seq + b.position()));
        }
        return b.array();
    }

    /** Checks, in every callback of one session, that no other callback of it runs and that order holds. */
    private final class Guarded implements EventListener<ByteBuffer> {
        private final AtomicInteger inCallback = new AtomicInteger();
        final AtomicInteger crons = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        // Plain fields, touched only inside callbacks: the executor hand-off must make them visible in order.
        private boolean opened;
        private boolean closed;
        private int nextSeq;
        private long callbacks;

        private void enter(Session s, String what) {
            int now = inCallback.incrementAndGet();
            if (now != 1) {
                failures.add("session " + s.id() + ": " + what + " overlapped another callback (" + now + " at once)");
            }
            String thread = Thread.currentThread().getName();
            workerThreadsUsed.add(thread);
            if (!thread.startsWith(WORKER)) {
                failures.add("session " + s.id() + ": " + what + " ran on " + thread + ", not a worker");
            }
            if (++callbacks % 7 == 0) {
                Thread.yield(); // widen the window in which an overlap would show
            }
        }

        private void exit() {
            inCallback.decrementAndGet();
        }

        @Override
        public void onOpen(Session s) {
            enter(s, "onOpen");
            try {
                if (opened || closed) {
                    failures.add("session " + s.id() + ": onOpen twice or after onClose");
                }
                sleepQuietly(2); // a slow onOpen: nothing may start before it returns
                opened = true;
            } finally {
                exit();
            }
        }

        @Override
        public void onMessage(Session s, ByteBuffer pkg) {
            enter(s, "onMessage");
            try {
                if (!opened || closed) {
                    failures.add("session " + s.id() + ": onMessage outside open..close");
                }
                int seq = pkg.getInt(pkg.position());
                if (seq != nextSeq) {
                    failures.add("session " + s.id() + ": got seq " + seq + ", expected " + nextSeq);
                }
                nextSeq = seq + 1;
                if (seq % 50 == 0) {
                    sleepQuietly(1);
                }
                s.writePkg(pkg); // a packet handed to a worker owns its bytes: it is still valid here
                if (seq >= PING_PONG_FROM) {
                    // Ping-pong: the peer has the echo and sends the next packet while this callback is still
                    // running, which is when a second drain of the session would start if the hand-off let it.
                    java.util.concurrent.locks.LockSupport.parkNanos(300_000);
                }
            } finally {
                exit();
            }
        }

        @Override
        public void onCron(Session s) {
            enter(s, "onCron");
            try {
                if (!opened || closed) {
                    failures.add("session " + s.id() + ": onCron outside open..close");
                }
                crons.incrementAndGet();
            } finally {
                exit();
            }
        }

        @Override
        public void onError(Session s, Throwable cause) {
            enter(s, "onError");
            try {
                failures.add("session " + s.id() + ": onError " + cause);
            } finally {
                exit();
            }
        }

        @Override
        public void onClose(Session s) {
            enter(s, "onClose");
            try {
                if (!opened || closed) {
                    failures.add("session " + s.id() + ": onClose without onOpen, or twice");
                }
                closed = true;
                closes.incrementAndGet();
            } finally {
                exit();
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void orderKeptAndCallbacksOfOneSessionNeverOverlap() throws Exception {
        int clients = 16;
        int perClient = PING_PONG_FROM;
        int pingPongs = 150;
        List<Guarded> listeners = new ArrayList<>();
        TcpServer server = server()
                .executor(workers)
                .cronPeriod(Duration.ofMillis(10))
                .onNewSession(s -> {
                    Guarded g = new Guarded();
                    synchronized (listeners) {
                        listeners.add(g);
                    }
                    s.codec(CODEC).listener(g);
                })
                .start();
        ExecutorService clientThreads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(clientThreads.submit(() -> {
                    try (FrameClient client = FrameClient.connect(server.port())) {
                        for (int burst = 0; burst < 3; burst++) { // bursts with pauses, so that crons fall between
                            for (int seq = burst * perClient / 3; seq < (burst + 1) * perClient / 3; seq++) {
                                client.send(payload(id, seq));
                            }
                            Thread.sleep(30);
                        }
                        for (int seq = 0; seq < perClient; seq++) {
                            byte[] echo = client.receive();
                            if (!Arrays.equals(echo, payload(id, seq))) {
                                throw new AssertionError("client " + id + ": echo " + seq + " differs");
                            }
                        }
                        for (int seq = perClient; seq < perClient + pingPongs; seq++) {
                            client.send(payload(id, seq));
                            if (!Arrays.equals(client.receive(), payload(id, seq))) {
                                throw new AssertionError("client " + id + ": echo " + seq + " differs");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> r : results) {
                r.get(40, TimeUnit.SECONDS);
            }
            await("every session closed", () -> {
                synchronized (listeners) {
                    return listeners.size() == clients && listeners.stream().allMatch(g -> g.closes.get() == 1);
                }
            });
            Thread.sleep(100); // a second onClose would show now
            assertThat(failures).isEmpty();
            synchronized (listeners) {
                assertThat(listeners).allMatch(g -> g.closes.get() == 1);
                assertThat(listeners.stream().mapToInt(g -> g.crons.get()).sum()).as("crons ran on the workers").isPositive();
            }
            assertThat(workerThreadsUsed).as("callbacks were spread over the pool").hasSizeGreaterThan(1);
        } finally {
            clientThreads.shutdownNow();
            closeAll(server);
        }
    }

    @Test
    void aPeerThatHalfClosesGetsEveryEchoThenEof() throws Exception {
        TcpServer server = server()
                .executor(workers)
                .onNewSession(s -> s.codec(CODEC).listener((EventListener<ByteBuffer>) (session, pkg) -> {
                    if (pkg.getInt(pkg.position()) % 100 == 0) {
                        sleepQuietly(2); // the worker lags behind the EOF
                    }
                    session.writePkg(pkg);
                }))
                .start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            int n = 1000;
            for (int seq = 0; seq < n; seq++) {
                client.send(payload(3, seq));
            }
            client.socket.shutdownOutput(); // EOF right behind the packets
            for (int seq = 0; seq < n; seq++) {
                assertThat(client.receive()).as("echo %d", seq).isEqualTo(payload(3, seq));
            }
            assertThat(client.in.read()).as("then EOF").isEqualTo(-1);
        } finally {
            closeAll(server);
        }
    }

    @Test
    void aSlowWorkerPausesReadingInsteadOfQueueingWithoutBound() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(RecordStreams.DEFLATE, "one read of deflate carries more packets than the bound assumes");
        AtomicInteger maxBehind = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger decoded = new AtomicInteger();
        TcpServer server = server()
                // No builder setter for this one: it goes through the options.
                .sessionOptions(io.getty.core.SessionOptions.builder().executor(workers).maxQueuedMessages(8).build())
                .onNewSession(s -> s.codec(new CountingCodec(decoded))
                        .listener((EventListener<ByteBuffer>) (session, pkg) -> {
                            int seq = delivered.incrementAndGet();
                            maxBehind.accumulateAndGet(decoded.get() - seq, Math::max);
                            if (seq % 2 == 0) {
                                sleepQuietly(1);
                            }
                            session.writePkg(pkg);
                        }))
                .start();
        int n = 1500;
        byte[][] packets = new byte[n][];
        for (int seq = 0; seq < n; seq++) {
            packets[seq] = ByteBuffer.allocate(1000).putInt(seq).array(); // 65 of them fill one 64 KiB read
        }
        try (FrameClient client = FrameClient.connect(server.port())) {
            Future<?> sending = workersForClients(() -> {
                for (byte[] p : packets) {
                    client.send(p);
                }
                return null;
            });
            for (int seq = 0; seq < n; seq++) {
                assertThat(client.receive()).isEqualTo(packets[seq]);
            }
            sending.get(10, TimeUnit.SECONDS);
            // Unpaused, the loop would decode the whole 1.5 MB (all 1500 packets) ahead of the worker. Paused
            // past 8 queued packets, it is ahead by at most what one 64 KiB read holds, plus the 8.
            assertThat(maxBehind.get()).as("packets decoded ahead of the worker").isLessThan(150);
        } finally {
            closeAll(server);
        }
    }

    private static Future<?> workersForClients(java.util.concurrent.Callable<?> task) {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            return one.submit(task);
        } finally {
            one.shutdown();
        }
    }

    /** The length-field codec, counting decoded packets. */
    private static final class CountingCodec implements io.getty.core.PkgHandler<ByteBuffer, ByteBuffer> {
        private final AtomicInteger count;

        CountingCodec(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public ByteBuffer read(Session session, ByteBuffer in) {
            ByteBuffer pkg = CODEC.read(session, in);
            if (pkg != null) {
                count.incrementAndGet();
            }
            return pkg;
        }

        @Override
        public void write(Session session, ByteBuffer pkg, io.getty.core.ByteOutput out) {
            CODEC.write(session, pkg, out);
        }
    }
}
