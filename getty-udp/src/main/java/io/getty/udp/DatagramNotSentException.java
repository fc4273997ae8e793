package io.getty.udp;

import io.getty.core.GettyException;
import java.net.SocketAddress;

/**
 * The kernel refused to send one datagram to its destination (no route to it, a broadcast address without
 * {@link DatagramOptions#broadcast() broadcast} on, a datagram too long for the path): reported to
 * {@code onError}, and the session goes on with the next datagram. The write's future does not show it: write
 * futures complete as the session's outbound byte count passes their end, and a refused datagram's bytes are
 * counted as dealt with once the kernel has answered for them.
 */
public class DatagramNotSentException extends GettyException {
    private static final long serialVersionUID = 1L;

    private final transient SocketAddress peer;
    private final int length;

    /** A datagram of {@code length} bytes to {@code peer} that the kernel refused with {@code cause}. */
    public DatagramNotSentException(SocketAddress peer, int length, Throwable cause) {
        super("could not send a datagram of " + length + " bytes to " + peer + ": " + cause.getMessage(), cause);
        this.peer = peer;
        this.length = length;
    }

    /** Where the datagram was to go ({@code null} once deserialized). */
    public SocketAddress peer() {
        return peer;
    }

    /** The datagram's bytes. */
    public int length() {
        return length;
    }
}
