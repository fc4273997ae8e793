package io.getty.benchmarks.support;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A frame-aware echo server that misbehaves once, on purpose: on the first accepted connection, at
 * frame {@code atFrame} (0-based), it does what {@link Fault} says; every other frame and connection
 * is echoed correctly. Blocking sockets and a thread per connection: simple beats fast here.
 */
public final class BrokenEchoServer implements AutoCloseable {

    public enum Fault {
        /** Flips all bits of payload byte 20 (inside the filler). */
        FLIP_BYTE,
        /** Does not echo the frame. */
        DROP,
        /** Echoes the next frame before this one. */
        SWAP_WITH_NEXT,
        /** Echoes the frame twice. */
        DUPLICATE,
        /** Echoes the frame with its length prefix plus one. */
        WRONG_LENGTH,
        /** Closes the connection instead of echoing. */
        CLOSE,
        /** Stops answering but keeps the connection open, still reading. */
        STALL
    }

    public static final String THREAD_PREFIX = "broken-echo-";

    private final ServerSocket server;
    private final Fault fault;
    private final long atFrame;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public BrokenEchoServer(Fault fault, long atFrame) throws IOException {
        this.fault = fault;
        this.atFrame = atFrame;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, THREAD_PREFIX + "acceptor");
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        boolean first = true;
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            boolean faulty = first;
            first = false;
            Thread t = new Thread(() -> serve(socket, faulty), THREAD_PREFIX + sockets.size());
            threads.add(t);
            t.start();
        }
    }

    private void serve(Socket socket, boolean faulty) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            boolean stalled = false;
            for (long frame = 0; ; frame++) {
                int length = in.readInt();
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (stalled) {
                    continue;
                }
                if (!faulty || frame != atFrame) {
                    writeFrame(out, length, payload);
                } else {
                    switch (fault) {
                        case FLIP_BYTE -> {
                            payload[20] ^= (byte) 0xFF;
                            writeFrame(out, length, payload);
                        }
                        case DROP -> {
                        }
                        case SWAP_WITH_NEXT -> {
                            int nextLength = in.readInt();
                            byte[] next = new byte[nextLength];
                            in.readFully(next);
                            frame++;
                            writeFrame(out, nextLength, next);
                            writeFrame(out, length, payload);
                        }
                        case DUPLICATE -> {
                            writeFrame(out, length, payload);
                            writeFrame(out, length, payload);
                        }
                        case WRONG_LENGTH -> writeFrame(out, length + 1, payload);
                        case CLOSE -> {
                            out.flush();
                            return;
                        }
                        case STALL -> {
                            out.flush();
                            stalled = true;
                        }
                    }
                }
                // Flush when the client has nothing more queued: batches echoes like a real server.
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // The client closed: normal end.
        } catch (IOException e) {
            // Reset or closed by close(): normal end too.
        }
    }

    private static void writeFrame(DataOutputStream out, int length, byte[] payload) throws IOException {
        out.writeInt(length);
        out.write(payload);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(5000);
            for (Thread t : threads) {
                t.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
