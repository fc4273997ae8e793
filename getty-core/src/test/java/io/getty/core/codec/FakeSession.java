package io.getty.core.codec;

import io.getty.core.AttributeKey;
import io.getty.core.Session;
import io.getty.core.SessionStats;
import io.getty.core.WriteFuture;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Session} test double for codec tests: only what a {@link io.getty.core.PkgReader} may use
 * (the max message length and {@link #view}) works; everything else fails loudly, so a codec that reaches
 * for more than its contract shows up.
 */
final class FakeSession implements Session {
    private final int maxMessageLength;
    int views;

    FakeSession(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public ByteBuffer view(ByteBuffer in, int index, int length) {
        views++;
        ByteBuffer view = in.duplicate();
        view.limit(index + length).position(index);
        return view;
    }

    private static UnsupportedOperationException notForCodecs() {
        return new UnsupportedOperationException("not part of what a codec may use");
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public SocketAddress localAddress() {
        throw notForCodecs();
    }

    @Override
    public SocketAddress remoteAddress() {
        throw notForCodecs();
    }

    @Override
    public <T> T attribute(AttributeKey<T> key) {
        throw notForCodecs();
    }

    @Override
    public <T> T attribute(AttributeKey<T> key, T value) {
        throw notForCodecs();
    }

    @Override
    public Instant getActive() {
        throw notForCodecs();
    }

    @Override
    public void updateActive() {
        throw notForCodecs();
    }

    @Override
    public Duration idleTime() {
        throw notForCodecs();
    }

    @Override
    public SessionStats stats() {
        throw notForCodecs();
    }

    @Override
    public WriteFuture writePkg(Object pkg) {
        throw notForCodecs();
    }

    @Override
    public void sendPkg(Object pkg) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WriteFuture writePkg(Object pkg, Duration timeout) {
        throw notForCodecs();
    }

    @Override
    public WriteFuture writeBytes(byte[] bytes) {
        throw notForCodecs();
    }

    @Override
    public WriteFuture writeBytesArray(byte[]... arrays) {
        throw notForCodecs();
    }

    @Override
    public boolean isWritable() {
        throw notForCodecs();
    }

    @Override
    public long pendingWriteBytes() {
        throw notForCodecs();
    }

    @Override
    public void pauseReading() {
        throw notForCodecs();
    }

    @Override
    public void resumeReading() {
        throw notForCodecs();
    }

    @Override
    public void close() {
        throw notForCodecs();
    }

    @Override
    public void closeNow() {
        throw notForCodecs();
    }

    @Override
    public boolean isClosed() {
        throw notForCodecs();
    }
}
