package io.getty.udp.internal;

import java.net.SocketAddress;
import java.util.Arrays;

/**
 * The datagrams encoded into a session's pending output and not yet sent, oldest first: each one's length and
 * destination. The pending output holds their bytes back to back, so the first datagram always starts at its
 * front. A ring that grows when a burst needs it and is reused after: nothing is allocated per datagram.
 * Loop thread only.
 */
final class OutboundDatagrams {
    private int[] lengths = new int[16];
    private SocketAddress[] peers = new SocketAddress[16];
    private int head;
    private int count;
    /** The size of the pending output when the datagram being encoded began; -1 when none is. */
    private int startSize = -1;
    private SocketAddress startPeer;

    /** A datagram to {@code peer} starts at the end of the pending output, now {@code sizeNow} bytes. */
    void begin(int sizeNow, SocketAddress peer) {
        startSize = sizeNow;
        startPeer = peer;
    }

    /** The length of the datagram being encoded, the pending output being {@code sizeNow} bytes now. */
    int lengthSoFar(int sizeNow) {
        return sizeNow - startSize;
    }

    /** The datagram begun last is encoded, and the pending output is {@code sizeNow} bytes: it is queued. */
    void end(int sizeNow) {
        if (count == lengths.length) {
            grow();
        }
        int tail = (head + count) & (lengths.length - 1);
        lengths[tail] = sizeNow - startSize;
        peers[tail] = startPeer;
        count++;
        cancel();
    }

    /** The datagram begun last was taken back. */
    void cancel() {
        startSize = -1;
        startPeer = null;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int firstLength() {
        return lengths[head];
    }

    /** The first datagram's destination; {@code null} on a connected socket. */
    SocketAddress firstPeer() {
        return peers[head];
    }

    void removeFirst() {
        peers[head] = null;
        head = (head + 1) & (lengths.length - 1);
        count--;
    }

    /** Forgets every datagram (their bytes were dropped with the pending output). */
    void clear() {
        Arrays.fill(peers, null);
        head = 0;
        count = 0;
        cancel();
    }

    private void grow() {
        int n = lengths.length;
        int[] l = new int[n * 2];
        SocketAddress[] p = new SocketAddress[n * 2];
        for (int i = 0; i < count; i++) {
            l[i] = lengths[(head + i) & (n - 1)];
            p[i] = peers[(head + i) & (n - 1)];
        }
        lengths = l;
        peers = p;
        head = 0;
    }
}
