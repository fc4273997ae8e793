package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.CODEC;
import static io.getty.tcp.TcpTestSupport.WAIT;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.Session;
import io.getty.tcp.Compression.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A getty client and a getty server, both compressing, echo 1 MiB messages (compressible and not) and many
 * small ones: every DEFLATE level and Snappy, alone and over the test-only {@link RecordLayer}.
 */
@Timeout(60)
class CompressionEchoTest {
    private static final int MIB = 1024 * 1024;
    private static final AtomicInteger SEEDS = new AtomicInteger();

    static Stream<Compression> compressions() {
        return Stream.concat(Stream.of(Level.values()).map(Compression::deflate), Stream.of(Compression.snappy()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressions")
    void echoesLargeAndSmallMessages(Compression compression) throws Exception {
        echo(compression, false);
    }

    @ParameterizedTest(name = "{0} over a record layer")
    @MethodSource("compressions")
    void echoesOverAnotherLayer(Compression compression) throws Exception {
        echo(compression, true);
    }

    private static void echo(Compression compression, boolean stacked) throws Exception {
        TcpServer.Builder sb = TcpTestSupport.server().compression(compression).maxMessageLength(2 * MIB)
                .onNewSession(s -> s.codec(CODEC, (session, pkg) -> session.writePkg(pkg)));
        TcpServer server = (stacked ? sb.layer(client -> new RecordLayer(SEEDS.incrementAndGet())) : sb).start();
        BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
        TcpClient.Builder cb = TcpTestSupport.newClient().remoteAddress(server.localAddress()).compression(compression)
                .maxMessageLength(2 * MIB)
                .onNewSession(s -> s.codec(CODEC, (session, pkg) -> echoes.add(TcpTestSupport.bytes(pkg))));
        TcpClient client = (stacked ? cb.layer(c -> new RecordLayer(SEEDS.incrementAndGet())) : cb).start();
        try {
            Session session = get(client.connectFuture());
            SplittableRandom random = new SplittableRandom(compression.toString().hashCode()); // the same data in every run
            // Large ones one at a time, each within the write buffer limits of both sides.
            for (int i = 0; i < 2; i++) {
                byte[] m = i % 2 == 0 ? text(MIB, random) : noise(MIB, random);
                get(session.writePkg(ByteBuffer.wrap(m)).toCompletableFuture());
                assertThat(echoes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("large echo %d", i).isEqualTo(m);
            }
            List<byte[]> sent = new ArrayList<>();
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                byte[] m = i % 10 == 0 ? noise(1 + random.nextInt(300), random) : text(1 + random.nextInt(300), random);
                sent.add(m);
                futures.add(session.writePkg(ByteBuffer.wrap(m)).toCompletableFuture());
            }
            get(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])));
            for (int i = 0; i < sent.size(); i++) {
                byte[] echo = echoes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(echo).as("echo %d of %d", i, sent.size()).isNotNull().isEqualTo(sent.get(i));
            }
            assertThat(session.isClosed()).isFalse();
        } finally {
            closeAll(client, server);
        }
    }

    @Test
    void aWriteFutureCompletesWhenItsCompressedBytesAreSent() throws Exception {
        TcpServer server = TcpTestSupport.server().compression(Compression.deflate(Level.BEST_SPEED))
                .onNewSession(s -> s.codec(CODEC, (session, pkg) -> session.writePkg(pkg))).start();
        BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
        TcpClient client = TcpTestSupport.newClient().remoteAddress(server.localAddress())
                .compression(Compression.deflate(Level.BEST_SPEED))
                .onNewSession(s -> s.codec(CODEC, (session, pkg) -> echoes.add(TcpTestSupport.bytes(pkg)))).start();
        try {
            Session session = get(client.connectFuture());
            for (int i = 0; i < 100; i++) {
                byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
                get(session.writePkg(ByteBuffer.wrap(m)).toCompletableFuture()); // one at a time: none held back
                assertThat(echoes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(m);
            }
            assertThat(session.stats().bytesWritten()).as("user bytes, uncompressed").isEqualTo(100 * 4 + sum(100));
        } finally {
            closeAll(client, server);
        }
    }


    private static long sum(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += ("message " + i).length();
        }
        return total;
    }

    static byte[] text(int length, SplittableRandom random) {
        String[] words = {"getty", "session", "packet", "loop", "deflate", "snappy", "echo", "the", "of", "bytes"};
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] noise(int length, SplittableRandom random) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }
}
