package io.getty.benchmarks.jmh;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramCodec;
import io.getty.udp.UdpEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The echo path of a getty UDP endpoint over loopback: receive into the loop's buffer, decode (a view of the
 * datagram), {@code onMessage} with the loop's reusable datagram, {@code sendPkg} back to the sender (encode and
 * record the destination), send at the end of the read. The benchmark thread is a blocking client of
 * {@code peers} connected sockets that sends {@value #BATCH} datagrams and reads their echoes; it allocates
 * nothing itself, so {@code gc.alloc.rate.norm} under {@code -prof gc} (every thread, the loop's too) is what
 * the endpoint allocates per datagram. Scores are per datagram.
 *
 * <p>With one peer the JDK reuses the sender's address object for every datagram; with several, its
 * {@code DatagramChannel.receive} makes a new one whenever the sender differs from the previous datagram's (it
 * caches one): that is the JDK's allocation, not the endpoint's, and {@code peers=4} shows what it costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class UdpEchoPathBenchmark {
    static final int BATCH = 16;

    @Param({"256"})
    int payloadSize;

    @Param({"1", "4"})
    int peers;

    private EventLoopGroup group;
    private UdpEndpoint endpoint;
    private DatagramChannel[] clients;
    private ByteBuffer request;
    private ByteBuffer response;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        group = EventLoopGroup.create(1);
        EventListener<Datagram<ByteBuffer>> echo = (s, d) -> s.sendPkg(d);
        endpoint = UdpEndpoint.builder()
                .bind("127.0.0.1", 0)
                .loopGroup(group)
                .onNewSession(session -> session.codec(new DatagramCodec()).listener(echo))
                .start();
        clients = new DatagramChannel[peers];
        for (int i = 0; i < peers; i++) {
            clients[i] = DatagramChannel.open().connect(new InetSocketAddress("127.0.0.1", endpoint.port()));
        }
        request = ByteBuffer.allocateDirect(payloadSize);
        for (int j = 0; j < payloadSize; j++) {
            request.put((byte) (j * 31));
        }
        response = ByteBuffer.allocateDirect(payloadSize + 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int echo() throws IOException {
        for (int i = 0; i < BATCH; i++) { // round robin over the peers: their datagrams interleave at the endpoint
            request.clear();
            clients[i % peers].write(request);
        }
        int last = 0;
        for (int i = 0; i < BATCH; i++) {
            response.clear();
            int n = clients[i % peers].read(response);
            if (n != payloadSize) {
                throw new AssertionError("an echo of " + n + " bytes");
            }
            last = response.get(n - 1);
        }
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (DatagramChannel c : clients) {
            c.close();
        }
        endpoint.close();
        group.close();
        group.awaitTermination(java.time.Duration.ofSeconds(5));
    }
}
