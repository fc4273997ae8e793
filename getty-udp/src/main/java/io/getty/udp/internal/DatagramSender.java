package io.getty.udp.internal;

import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.seam.PartialWriteException;
import io.getty.udp.DatagramNotSentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the datagrams of a session's pending output, each whole or not at all, never two in one: the bytes of
 * each are at the front of the output, its length and destination first in {@link OutboundDatagrams}. A
 * datagram within one output chunk is sent from it in place; one that spans chunks is gathered first.
 *
 * <p>What the kernel refuses for one datagram's destination drops that datagram, to be reported once the send is
 * over ({@link #takeErrors()}): a listener that writes in {@code onError} must not append to the output while it
 * is being sent. On a connected socket, an ICMP port unreachable left by an earlier datagram fails the next send
 * and is cleared by it: that datagram is tried again. Loop thread only.
 */
final class DatagramSender implements OutboundBuffer.ChunkSink {
    private static final Logger log = LoggerFactory.getLogger(DatagramSender.class);
    /** Datagrams sent per flush before the loop moves on: the rest go in the next pass. */
    private static final int DATAGRAMS_PER_FLUSH = 64;
    /** Sends of one datagram that may fail with an earlier datagram's port unreachable before it is dropped. */
    private static final int UNREACHABLE_RETRIES = 3;

    private final DatagramChannel channel;
    /** The connected peer, or null for an endpoint, whose datagrams name theirs. */
    private final InetSocketAddress server;
    private final DatagramScratch scratch;
    private final OutboundDatagrams outbound;
    private final UnreachableReports unreachable;
    // During one send: the socket had no room; the failure that ends it; errors to report once it is over.
    private boolean blocked;
    private IOException failure;
    private List<Throwable> errors;

    DatagramSender(DatagramChannel channel, InetSocketAddress server, DatagramScratch scratch,
                   OutboundDatagrams outbound, UnreachableReports unreachable) {
        this.channel = channel;
        this.server = server;
        this.scratch = scratch;
        this.outbound = outbound;
        this.unreachable = unreachable;
    }

    /**
     * Sends what {@code pending} holds, up to a quantum of datagrams; returns the bytes they held. A failure of
     * the socket itself (closed) is thrown, as a {@code PartialWriteException} if datagrams were sent first.
     */
    long send(OutboundBuffer pending) throws IOException {
        blocked = false;
        failure = null;
        long sent = pending.size() == 0 ? 0 : pending.drainTo(this);
        IOException f = failure;
        if (f != null) {
            failure = null;
            throw sent > 0 ? new PartialWriteException(sent, f) : f;
        }
        return sent;
    }

    /** Whether the last send stopped because the socket's buffer was full: OP_WRITE is needed. */
    boolean blocked() {
        return blocked;
    }

    /** What the last sends ran into, to report now; null if nothing. */
    List<Throwable> takeErrors() {
        List<Throwable> e = errors;
        errors = null;
        return e;
    }

    @Override
    public long take(ByteBuffer[] chunks, int offset, int length) {
        int end = offset + length;
        int first = offset;
        long taken = 0;
        int retries = 0;
        for (int attempts = 0; attempts < DATAGRAMS_PER_FLUSH && !outbound.isEmpty(); attempts++) {
            while (first < end && !chunks[first].hasRemaining()) {
                first++;
            }
            int n = outbound.firstLength();
            SocketAddress to = outbound.firstPeer();
            try {
                if (send(chunks, first, n, to) == 0) {
                    blocked = true; // the socket's buffer is full: this datagram waits for OP_WRITE
                    return taken;
                }
            } catch (PortUnreachableException e) {
                // An earlier datagram's ICMP error, which this call cleared without sending this one.
                if (unreachable.firstOfOutage()) {
                    report(e);
                }
                if (++retries <= UNREACHABLE_RETRIES) {
                    continue;
                }
                drop(chunks, first, n, new DatagramNotSentException(server, n, e));
            } catch (ClosedChannelException e) {
                failure = e;
                return taken;
            } catch (IOException e) {
                drop(chunks, first, n, new DatagramNotSentException(server != null ? server : to, n, e));
            }
            retries = 0;
            outbound.removeFirst();
            taken += n;
        }
        return taken;
    }

    /** Sends the {@code n} bytes from {@code chunks[first]} on; returns 0 if the socket had no room. */
    private int send(ByteBuffer[] chunks, int first, int n, SocketAddress to) throws IOException {
        ByteBuffer chunk = chunks[first];
        if (chunk.remaining() >= n) {
            int limit = chunk.limit();
            chunk.limit(chunk.position() + n);
            try {
                return sendOne(chunk, to);
            } finally {
                chunk.limit(limit);
            }
        }
        ByteBuffer gathered = scratch.gatherBuffer(n); // an unconnected send takes one buffer
        int left = n;
        for (int i = first; left > 0; i++) {
            ByteBuffer c = chunks[i];
            int k = Math.min(left, c.remaining());
            gathered.put(gathered.position(), c, c.position(), k).position(gathered.position() + k);
            left -= k;
        }
        int sent = sendOne(gathered.flip(), to);
        if (sent > 0) {
            skip(chunks, first, n);
        }
        return sent;
    }

    private int sendOne(ByteBuffer datagram, SocketAddress to) throws IOException {
        return server != null ? channel.write(datagram) : channel.send(datagram, to);
    }

    private void drop(ByteBuffer[] chunks, int first, int n, DatagramNotSentException why) {
        log.debug("{}: {}", channel, why.getMessage());
        skip(chunks, first, n);
        report(why);
    }

    private void report(Throwable error) {
        if (errors == null) {
            errors = new ArrayList<>(2);
        }
        errors.add(error);
    }

    /** Moves past {@code n} bytes from {@code chunks[first]} on. */
    private static void skip(ByteBuffer[] chunks, int first, int n) {
        int left = n;
        for (int i = first; left > 0; i++) {
            ByteBuffer c = chunks[i];
            int k = Math.min(left, c.remaining());
            c.position(c.position() + k);
            left -= k;
        }
    }
}
