package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.HOST;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 datagrams through a getty client and a getty echo endpoint, every echo verified, with loss counted and
 * reported.
 *
 * <p>What it tolerates: no loss. On loopback a datagram is lost only when a socket's receive buffer is full.
 * The client keeps at most {@value #WINDOW} datagrams of {@value #SIZE} bytes in flight, which take at most
 * about {@value #WINDOW} × 1.3 KB of kernel buffer (payload and the kernel's overhead per datagram), well
 * under the 256 KiB asked for on both sockets (or the system's cap, 208 KiB by default). So a loss means that
 * getty dropped a datagram, and fails the test. A datagram that does not come back within five seconds is counted
 * as lost and replaced, so that a loss shows as a count rather than as a stall (five, not one: a loaded CI machine
 * can stall a JVM for a second, and a late echo is not a lost one).
 */
@Timeout(120)
class ManyDatagramsTest {
    private static final int DATAGRAMS = 10_000;
    private static final int WINDOW = 64;
    private static final int SIZE = 256;
    private static final int BUFFERS = 256 * 1024;
    private static final long LOSS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Sends the datagrams, one more for each echo, and counts what comes back and what does not. */
    private static final class Sender implements EventListener<ByteBuffer> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ByteBuffer out = ByteBuffer.allocate(SIZE);
        private final Map<Long, Long> inFlight = new TreeMap<>(); // sequence -> sent at
        private long sent;
        private long echoed;
        private long lost;
        private long late;

        @Override
        public void onOpen(Session s) {
            for (int i = 0; i < WINDOW; i++) {
                sendNext(s);
            }
        }

        private void sendNext(Session s) {
            if (sent == DATAGRAMS) {
                return;
            }
            out.clear();
            out.putLong(sent);
            for (int i = Long.BYTES; i < SIZE; i++) {
                out.put((byte) (sent * 31 + i));
            }
            s.writePkg(out.flip()); // copied now: on the loop, a write is encoded at once
            inFlight.put(sent, System.nanoTime());
            sent++;
        }

        @Override
        public void onMessage(Session s, ByteBuffer echo) {
            if (echo.remaining() != SIZE) {
                done.completeExceptionally(new AssertionError("an echo of " + echo.remaining() + " bytes"));
                return;
            }
            long seq = echo.getLong(echo.position());
            for (int i = Long.BYTES; i < SIZE; i++) {
                if (echo.get(echo.position() + i) != (byte) (seq * 31 + i)) {
                    done.completeExceptionally(new AssertionError("echo " + seq + " differs at byte " + i));
                    return;
                }
            }
            if (inFlight.remove(seq) == null) {
                late++; // counted as lost already
                return;
            }
            echoed++;
            sendNext(s);
            finishIfDone();
        }

        @Override
        public void onCron(Session s) {
            long now = System.nanoTime();
            var expired = inFlight.entrySet().stream().filter(e -> now - e.getValue() > LOSS_TIMEOUT_NANOS)
                    .map(Map.Entry::getKey).toList();
            for (Long seq : expired) {
                inFlight.remove(seq);
                lost++;
                sendNext(s);
            }
            finishIfDone();
        }

        private void finishIfDone() {
            if (echoed + lost == DATAGRAMS) {
                done.complete(null);
            }
        }
    }

    @Test
    void tenThousandDatagramsAreEchoedAndLossIsCounted() throws Exception {
        UdpEndpoint endpoint = UdpTestSupport.endpoint().receiveBufferSize(BUFFERS).sendBufferSize(BUFFERS)
                .onNewSession(s -> s.codec(CODEC).listener(new DatagramRecorder((session, d) -> session.sendPkg(d))))
                .start();
        Sender sender = new Sender();
        UdpClient client = UdpClient.builder().remoteAddress(HOST, endpoint.port())
                .receiveBufferSize(BUFFERS).sendBufferSize(BUFFERS).cronPeriod(Duration.ofMillis(100))
                .onNewSession(s -> s.codec(CODEC).listener(sender)).start();
        try {
            sender.done.get(100, TimeUnit.SECONDS);
            System.out.printf("ManyDatagramsTest: %d datagrams of %d bytes, up to %d in flight: %d echoed, %d lost"
                    + " (%d of them came back late); tolerated: 0%n", DATAGRAMS, SIZE, WINDOW, sender.echoed,
                    sender.lost, sender.late);
            assertThat(sender.lost).as("datagrams lost on loopback").isZero();
            assertThat(sender.echoed).isEqualTo(DATAGRAMS);
        } finally {
            closeAll(client, endpoint);
        }
        Session session = endpoint.openFuture().getNow(null);
        assertThat(session.stats().packetsRead()).isEqualTo(DATAGRAMS);
        assertThat(session.stats().packetsWritten()).isEqualTo(DATAGRAMS);
    }
}
