package io.getty.udp.internal;

/**
 * Whether an ICMP port unreachable is worth reporting: the first of an outage is, the rest are not until a
 * datagram arrives again. A client keeps sending to a server that is gone, and the kernel answers each datagram
 * with one; the listener needs to hear it once, not once per datagram. Loop thread only.
 */
final class UnreachableReports {
    private boolean reported;

    /** An ICMP port unreachable came: whether to report it. */
    boolean firstOfOutage() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }

    /** A datagram arrived: the peer is there, and the next outage is reported again. */
    void datagramArrived() {
        reported = false;
    }
}
