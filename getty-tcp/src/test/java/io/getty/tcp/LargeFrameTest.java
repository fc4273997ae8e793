package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.ByteOutput;
import io.getty.core.EventListener;
import io.getty.core.PkgHandler;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpTestSupport.FrameClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packets larger than half the loop's read buffer, which the session keeps apart while they arrive: in a pooled
 * buffer of exactly their size when the reader can tell it (the length field's codec does), else in a buffer
 * that grows. Mixed with small packets and cut at random points, on the loop and with a worker executor.
 */
@Timeout(60)
class LargeFrameTest {
    private static final int[] SIZES = {1, 32 * 1024 + 1, 64 * 1024, 64 * 1024 + 7, 200_000, 1024 * 1024 - 4, 3, 70_000};

    /** The length-field codec without its length hint: large packets grow a buffer instead. */
    private static final class NoHintCodec implements PkgHandler<ByteBuffer, ByteBuffer> {
        private final LengthFieldCodec codec = new LengthFieldCodec();

        @Override
        public ByteBuffer read(Session session, ByteBuffer in) {
            return codec.read(session, in);
        }

        @Override
        public void write(Session session, ByteBuffer pkg, ByteOutput out) {
            codec.write(session, pkg, out);
        }
    }

    private static byte[] payload(int seq, int size) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seq * 7919L + size);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    @ParameterizedTest(name = "hint={0} worker={1}")
    @ValueSource(strings = {"hint,loop", "hint,worker", "nohint,loop", "nohint,worker"})
    void largeAndSmallPacketsInAnySplitAreEchoedExactly(String mode) throws Exception {
        boolean hint = mode.startsWith("hint");
        boolean worker = mode.endsWith("worker");
        ExecutorService workers = worker ? Executors.newFixedThreadPool(2) : null;
        PkgHandler<ByteBuffer, ByteBuffer> codec = hint ? new LengthFieldCodec() : new NoHintCodec();
        TcpServer server = server().threads(1).executor(workers)
                .onNewSession(s -> s.codec(codec, (EventListener<ByteBuffer>) Session::writePkg))
                .start();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (FrameClient client = FrameClient.connect(server.port())) {
            List<byte[]> sent = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < SIZES.length; i++) {
                    byte[] p = payload(sent.size(), SIZES[i]);
                    sent.add(p);
                    stream.writeBytes(TcpTestSupport.frame(p));
                }
            }
            byte[] all = stream.toByteArray();
            SplittableRandom cuts = new SplittableRandom(mode.hashCode());
            Future<?> sending = sender.submit(() -> {
                int at = 0;
                while (at < all.length) {
                    int n = Math.min(all.length - at, 1 + cuts.nextInt(cuts.nextBoolean() ? 50 : 150_000));
                    client.sendRaw(java.util.Arrays.copyOfRange(all, at, at + n));
                    at += n;
                }
                return null;
            });
            for (byte[] p : sent) {
                assertThat(client.receive(2 * 1024 * 1024)).isEqualTo(p);
            }
            sending.get(10, TimeUnit.SECONDS);
        } finally {
            sender.shutdownNow();
            closeAll(server);
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    @Test
    void aPeerThatEndsInTheMiddleOfALargePacketIsAnIncompletePacket() throws Exception {
        TcpTestSupport.Accepted accepted = new TcpTestSupport.Accepted();
        TcpServer server = server().onNewSession(accepted.initializer(TcpTestSupport.Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            TcpTestSupport.Recorder r = accepted.of(client);
            byte[] frame = TcpTestSupport.frame(payload(1, 300_000));
            client.sendRaw(java.util.Arrays.copyOf(frame, 150_000));
            Thread.sleep(100);
            client.socket.shutdownOutput();
            assertThat(TcpTestSupport.get(r.failed)).isInstanceOf(io.getty.core.IncompletePacketException.class);
        } finally {
            closeAll(server);
        }
    }

    /**
     * A peer that announces a large packet, sends a little of it and stalls takes no memory for what it only
     * announced: no pooled buffer of the packet's size is lent (nor kept) while less than half of it is in.
     */
    @Test
    void aHeaderAnnouncingALargePacketThatStallsTakesNoBufferOfItsSize() throws Exception {
        TcpTestSupport.Accepted accepted = new TcpTestSupport.Accepted();
        TcpServer server = server().threads(1).onNewSession(accepted.initializer(TcpTestSupport.Recorder::new)).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            TcpTestSupport.Recorder r = accepted.of(client);
            Session session = TcpTestSupport.get(r.opened);
            io.getty.core.internal.loop.EventLoop loop = ((io.getty.core.internal.session.GettySession) session).loop();
            int announced = 1024 * 1024 - 4; // the largest packet the default options allow
            byte[] frame = TcpTestSupport.frame(payload(2, announced));
            client.sendRaw(java.util.Arrays.copyOf(frame, 40 * 1024)); // the header and ~40 KiB, then nothing
            Thread.sleep(300);
            java.util.concurrent.CompletableFuture<Long> lent = new java.util.concurrent.CompletableFuture<>();
            loop.execute(() -> lent.complete(loop.frameBuffers().lentBytes()));
            assertThat(lent.get(10, TimeUnit.SECONDS)).as("pooled bytes lent for a packet barely begun").isLessThan(announced);
            // The rest comes: the packet is whole and echoed, and its buffer given back.
            client.sendRaw(java.util.Arrays.copyOfRange(frame, 40 * 1024, frame.length));
            assertThat(client.receive(2 * 1024 * 1024)).isEqualTo(payload(2, announced));
        } finally {
            closeAll(server);
        }
    }
}
