package io.getty.benchmarks.jmh;

import io.getty.core.AttributeKey;
import io.getty.core.Session;
import io.getty.core.SessionStats;
import io.getty.core.WriteFuture;
import io.getty.core.internal.buffer.ReusableView;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * The part of a session that a codec sees (max message length, zero-copy views made the way the event loop
 * makes them), so that codecs can be measured without sockets. Everything else is unsupported.
 */
final class CodecSession implements Session {
    private final ReusableView view = new ReusableView();
    private final int maxMessageLength;

    CodecSession(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public ByteBuffer view(ByteBuffer in, int index, int length) {
        return view.of(in, index, length);
    }

    @Override
    public long id() {
        return 0;
    }

    @Override
    public SocketAddress localAddress() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SocketAddress remoteAddress() {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T attribute(AttributeKey<T> key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T attribute(AttributeKey<T> key, T value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant getActive() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateActive() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Duration idleTime() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionStats stats() {
        throw new UnsupportedOperationException();
    }

    @Override
    public WriteFuture writePkg(Object pkg) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendPkg(Object pkg) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WriteFuture writePkg(Object pkg, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WriteFuture writeBytes(byte[] bytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WriteFuture writeBytesArray(byte[]... arrays) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public long pendingWriteBytes() {
        return 0;
    }

    @Override
    public void pauseReading() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resumeReading() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void closeNow() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isClosed() {
        return false;
    }
}
