package io.getty.benchmarks.jmh;

import io.getty.core.EventListener;
import io.getty.core.EventLoopGroup;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import io.getty.tcp.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
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
 * The echo path of a getty server with TLS, over loopback, beside the JDK's own floor.
 *
 * <ul>
 *   <li>{@code echo}: a blocking client on a bare {@link SSLEngine} (the benchmark thread) sends {@value #BATCH}
 *       frames in one record and reads their echoes from a getty TLS server: unwrap, decode,
 *       {@code onMessage}, {@code sendPkg}, encode, wrap, gathering write.</li>
 *   <li>{@code enginesOnly}: the same bytes through a pair of engines in memory, no socket and no getty (the
 *       client's wrap, the server's unwrap and wrap, the client's unwrap), with buffers of the kinds getty
 *       and the client use: what the JDK allocates per message on its own (an {@link SSLEngineResult} per
 *       call, and on JDK 17 the AES-GCM's temporary arrays).</li>
 * </ul>
 *
 * <p>Under {@code -prof gc}, {@code gc.alloc.rate.norm} counts every thread (the loop's too), per message:
 * {@code echo} should be no more than {@code enginesOnly}, since getty adds no allocation of its own. The
 * certificate is a throwaway one made by {@code keytool} at set-up; the client does not verify it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TlsEchoPathBenchmark {
    static final int BATCH = 16;
    private static final char[] PASSWORD = "changeit".toCharArray();

    @Param({"256"})
    int payloadSize;

    @Param({"TLSv1.3"})
    String protocol;

    private Path keyDir;
    private EventLoopGroup group;
    private TcpServer server;
    private TlsConfig clientConfig;
    private TlsConfig serverConfig;
    private SocketChannel channel;
    private SSLEngine client;
    /** Client side: plaintext out and in, records out and in. */
    private ByteBuffer request;
    private ByteBuffer response;
    private ByteBuffer netOut;
    private ByteBuffer netIn;
    /** enginesOnly: a second client and a server engine, and the records between them. */
    private SSLEngine memClient;
    private SSLEngine memServer;
    private ByteBuffer toServer;
    private ByteBuffer toClient;
    private ByteBuffer serverPlain;
    private ByteBuffer serverChunk;
    private ByteBuffer serverRecord;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        keyDir = Files.createTempDirectory("getty-tls-bench");
        Path keyStore = keyDir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + said);
        }
        serverConfig = TlsConfig.forServer().keyStore(keyStore, PASSWORD).protocols(protocol).build();
        clientConfig = TlsConfig.forClient().insecureSkipVerify().protocols(protocol).build();

        group = EventLoopGroup.create(1);
        server = TcpServer.builder()
                .bind("127.0.0.1", 0)
                .loopGroup(group)
                .tls(serverConfig)
                .onNewSession(session -> session.codec(new LengthFieldCodec(),
                        (EventListener<ByteBuffer>) (s, pkg) -> s.sendPkg(pkg)))
                .start();
        channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        client = clientConfig.newEngine("127.0.0.1", server.port());
        int packet = client.getSession().getPacketBufferSize();
        int plain = client.getSession().getApplicationBufferSize();
        netOut = ByteBuffer.allocateDirect(packet);
        netIn = ByteBuffer.allocateDirect(4 * packet);
        request = ByteBuffer.allocateDirect(BATCH * (4 + payloadSize));
        for (int i = 0; i < BATCH; i++) {
            request.putInt(payloadSize);
            for (int j = 0; j < payloadSize; j++) {
                request.put((byte) (i * 31 + j));
            }
        }
        request.flip();
        response = ByteBuffer.allocateDirect(request.capacity() + plain);
        handshakeOverSocket();

        memClient = clientConfig.newEngine("localhost", 1);
        memServer = serverConfig.newEngine(null, -1);
        toServer = ByteBuffer.allocateDirect(4 * packet);
        toClient = ByteBuffer.allocateDirect(4 * packet);
        serverPlain = ByteBuffer.allocate(request.capacity() + plain);
        serverChunk = ByteBuffer.allocateDirect(request.capacity() + plain);
        serverRecord = ByteBuffer.allocate(4 * packet);
        handshakeInMemory();
    }

    // ---------------------------------------------------------------- the benchmarks

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int echo() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            netOut.clear();
            check(client.wrap(request, netOut));
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
        }
        response.clear();
        while (response.position() < request.capacity()) {
            netIn.flip();
            SSLEngineResult r = client.unwrap(netIn, response);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                throw new IOException("server closed the connection");
            }
            check(r);
        }
        if (response.getInt(request.capacity() - 4 - payloadSize) != payloadSize) {
            throw new AssertionError("echo out of step");
        }
        return response.get(request.capacity() - 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int enginesOnly() throws SSLException {
        request.clear();
        toServer.clear();
        check(memClient.wrap(request, toServer));
        toServer.flip();
        // The server's buffers are of the kinds getty's are: records arrive in a direct read buffer, plaintext
        // is unwrapped into a heap scratch, encoded into a direct chunk, wrapped into a heap scratch and
        // copied into a direct chunk for the socket.
        serverPlain.clear();
        check(memServer.unwrap(toServer, serverPlain));
        serverChunk.clear().put(serverPlain.flip()).flip();
        serverRecord.clear();
        check(memServer.wrap(serverChunk, serverRecord));
        toClient.clear().put(serverRecord.flip()).flip();
        response.clear();
        check(memClient.unwrap(toClient, response));
        return response.get(request.capacity() - 1);
    }

    private static void check(SSLEngineResult r) throws SSLException {
        if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("unexpected " + r);
        }
    }

    // ---------------------------------------------------------------- handshakes, outside the measurement

    private void handshakeOverSocket() throws IOException {
        client.beginHandshake();
        netIn.clear();
        ByteBuffer none = ByteBuffer.allocate(0);
        while (true) {
            switch (client.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    netOut.clear();
                    client.wrap(none, netOut);
                    netOut.flip();
                    while (netOut.hasRemaining()) {
                        channel.write(netOut);
                    }
                }
                case NEED_UNWRAP -> {
                    netIn.flip();
                    SSLEngineResult r = client.unwrap(netIn, response.clear());
                    netIn.compact();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                        throw new IOException("server closed during the handshake");
                    }
                }
                case NEED_TASK -> runTasks(client);
                default -> {
                    return;
                }
            }
        }
    }

    private void handshakeInMemory() throws SSLException {
        memClient.beginHandshake();
        memServer.beginHandshake();
        ByteBuffer none = ByteBuffer.allocate(0);
        ByteBuffer scratch = ByteBuffer.allocateDirect(serverChunk.capacity());
        toServer.clear();
        toClient.clear();
        for (int step = 0; step < 100 && !(done(memClient) && done(memServer)); step++) {
            runTasks(memClient);
            runTasks(memServer);
            memClient.wrap(none, toServer);
            memServer.wrap(none, toClient);
            toServer.flip();
            memServer.unwrap(toServer, scratch.clear());
            toServer.compact();
            toClient.flip();
            memClient.unwrap(toClient, scratch.clear());
            toClient.compact();
        }
        if (!done(memClient) || !done(memServer)) {
            throw new SSLException("the in-memory handshake did not finish");
        }
        // TLS 1.3 sends a session ticket after the handshake: let the client read it.
        toClient.flip();
        while (toClient.hasRemaining()) {
            memClient.unwrap(toClient, scratch.clear());
        }
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        channel.close();
        server.close();
        group.close();
        group.awaitTermination(java.time.Duration.ofSeconds(5));
        try (var files = Files.list(keyDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(keyDir);
    }
}
