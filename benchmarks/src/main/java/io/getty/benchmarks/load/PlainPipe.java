package io.getty.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The frames straight to and from the socket. */
final class PlainPipe implements Pipe {
    private final SocketChannel channel;

    PlainPipe(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int drain(ByteBuffer dst) {
        return 0;
    }

    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        channel.write(src);
        return src.hasRemaining();
    }

    @Override
    public int plaintextRoom() {
        return 0;
    }
}
