package io.getty.benchmarks.bare;

import io.getty.benchmarks.server.EchoServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw-NIO ceiling: N selector threads, no framework, no framing, no per-connection objects of
 * its own. Loop 0 also accepts and deals connections round robin. See {@link BareIoLoop}.
 */
public final class BareEchoServer implements EchoServer {

    /** Deep enough for the idle client's connect batches; Netty uses the kernel's somaxconn. */
    private static final int ACCEPT_BACKLOG = 1024;

    private final ServerSocketChannel server;
    private final Thread[] threads;
    private final BareIoLoop[] loops;
    private final AtomicInteger connections;

    private BareEchoServer(ServerSocketChannel server, BareIoLoop[] loops, Thread[] threads, AtomicInteger connections) {
        this.server = server;
        this.loops = loops;
        this.threads = threads;
        this.connections = connections;
    }

    public static BareEchoServer start(String host, int port, int threadCount) throws IOException {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threadCount);
        }
        AtomicInteger connections = new AtomicInteger();
        ServerSocketChannel server = ServerSocketChannel.open();
        BareIoLoop[] loops = new BareIoLoop[threadCount];
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, port), ACCEPT_BACKLOG);
            server.configureBlocking(false);
            for (int i = 0; i < threadCount; i++) {
                loops[i] = new BareIoLoop(connections);
            }
            loops[0].listen(server, loops);
        } catch (IOException | RuntimeException e) {
            for (BareIoLoop loop : loops) {
                if (loop != null) {
                    loop.discard();
                }
            }
            server.close();
            throw e;
        }
        Thread[] threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            threads[i] = new Thread(loops[i], "bare-echo-" + i);
            threads[i].start();
        }
        return new BareEchoServer(server, loops, threads, connections);
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("server socket closed", e);
        }
    }

    /** Connections currently open on the server (for tests). */
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() {
        for (BareIoLoop loop : loops) {
            loop.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // Already gone; nothing more to release.
        }
    }
}
