package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.HOST;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A blocking TLS client on a bare {@link SSLEngine} (test only), for what the JDK's {@code SSLSocket} hides:
 * whether the stream ended with {@code close_notify} or without, and sending raw bytes (a partial record)
 * after the handshake. Not fast, not general: one handshake, then whole records.
 */
final class EnginePeer implements AutoCloseable {
    /** How the peer's stream ended. */
    enum End { CLOSE_NOTIFY, EOF_WITHOUT_CLOSE_NOTIFY }

    final SocketChannel channel;
    final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    private EnginePeer(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Connects to 127.0.0.1:{@code port} and completes the handshake. */
    static EnginePeer connect(TlsConfig config, int port) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(HOST, port));
        channel.socket().setSoTimeout((int) TcpTestSupport.WAIT.toMillis());
        EnginePeer peer = new EnginePeer(channel, config.newEngine(HOST, port));
        peer.handshake();
        return peer;
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_UNWRAP -> unwrapOne();
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Sends {@code plaintext} in records. */
    void send(byte[] plaintext) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(plaintext);
        while (src.hasRemaining()) {
            wrap(src);
        }
    }

    private void wrap(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        if (r.getStatus() != SSLEngineResult.Status.OK && r.getStatus() != SSLEngineResult.Status.CLOSED) {
            throw new IOException("wrap: " + r);
        }
        writeRaw(netOut.flip());
    }

    /** Writes bytes to the socket as they are: no record around them. */
    void writeRaw(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Unwraps one record, reading as needed; returns its plaintext (empty for a handshake record). */
    ByteBuffer unwrapOne() throws IOException {
        while (true) {
            netIn.flip();
            appIn.clear();
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            netIn.compact();
            switch (r.getStatus()) {
                case OK, CLOSED -> {
                    return appIn.flip();
                }
                case BUFFER_UNDERFLOW -> {
                    if (channel.read(netIn) < 0) {
                        throw new EOFException("end of stream");
                    }
                }
                default -> throw new IOException("unwrap: " + r);
            }
        }
    }

    /** Reads one length-prefixed frame. */
    byte[] receiveFrame() throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(0);
        while (true) {
            if (frame.remaining() >= 4 && frame.remaining() >= 4 + frame.getInt(frame.position())) {
                byte[] payload = new byte[frame.getInt()];
                frame.get(payload);
                return payload;
            }
            ByteBuffer plain = unwrapOne();
            if (engine.isInboundDone()) {
                throw new EOFException("close_notify before a whole frame");
            }
            frame = ByteBuffer.allocate(frame.remaining() + plain.remaining()).put(frame).put(plain).flip();
        }
    }

    /** Reads records until the stream ends, and says how it ended. */
    End readToEnd() throws IOException {
        try {
            while (!engine.isInboundDone()) {
                unwrapOne();
            }
            return End.CLOSE_NOTIFY;
        } catch (EOFException e) {
            return End.EOF_WITHOUT_CLOSE_NOTIFY;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
