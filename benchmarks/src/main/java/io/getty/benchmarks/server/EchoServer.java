package io.getty.benchmarks.server;

import java.net.InetSocketAddress;

/** A running echo server. {@link #close()} stops it and joins its threads. */
public interface EchoServer extends AutoCloseable {

    /** The bound address, with the real port when 0 was asked for. */
    InetSocketAddress localAddress();

    @Override
    void close();

    /** The line every server prints once it accepts connections; run.sh waits for it. */
    static String listeningLine(InetSocketAddress address) {
        return "listening on " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
