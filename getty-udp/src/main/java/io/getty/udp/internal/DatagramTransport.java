package io.getty.udp.internal;

import io.getty.core.FrameTooLongException;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.EventLoop;
import io.getty.core.internal.seam.Cumulation;
import io.getty.core.internal.seam.Transport;
import io.getty.core.internal.seam.Upstream;
import io.getty.udp.Datagram;
import io.getty.udp.DatagramNotSentException;
import io.getty.udp.UdpPacket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datagram socket on its loop, under one session: a bound endpoint's, which exchanges datagrams with any
 * peer, or a client's, connected to one server.
 *
 * <p>Inbound, each datagram is one unit for the session's message decoder, passed up with its sender; the
 * receive buffer is one byte longer than the largest datagram allowed, so that a longer one, which the kernel
 * truncates to the buffer without a word, shows and is reported for itself. Outbound, the session encodes each
 * packet into its pending output between {@link #beginPacket} and {@link #endPacket}, which record the
 * datagram's length and destination; {@link #write} sends them through a {@link DatagramSender}, one by one,
 * never two in one datagram, each whole or not at all. A send that the socket refuses for want of room waits
 * for OP_WRITE with the datagram kept.
 *
 * <p>Errors: a datagram the kernel refuses for its destination is dropped and reported
 * ({@link DatagramNotSentException}), and the session goes on. An ICMP port unreachable (which the kernel
 * reports on a connected socket, at the next receive or send) is reported once until a datagram arrives again,
 * and never closes the session.
 */
public final class DatagramTransport extends Transport {
    private static final Logger log = LoggerFactory.getLogger(DatagramTransport.class);
    /** Datagrams received per readiness event before the loop moves on to other channels. */
    private static final int DATAGRAMS_PER_READ = 32;
    /** Receives in a row that may fail without a datagram between them before the session fails. */
    private static final int RECEIVE_FAILURES_IN_A_ROW = 64;

    private final DatagramChannel channel;
    private final boolean connected;
    private final boolean ipv4Only;
    private final int maxDatagram;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;
    private final DatagramScratch scratch;
    private final OutboundDatagrams outbound = new OutboundDatagrams();
    private final UnreachableReports unreachable = new UnreachableReports();
    private final DatagramSender sender;
    private int receiveFailures;

    private DatagramTransport(DatagramChannel channel, int maxDatagram, EventLoop loop) throws IOException {
        this.channel = channel;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.connected = remoteAddress != null;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.ipv4Only = !(localAddress.getAddress() instanceof Inet6Address);
        this.maxDatagram = maxDatagram;
        this.scratch = DatagramScratch.of(loop);
        this.sender = new DatagramSender(channel, remoteAddress, scratch, outbound, unreachable);
    }

    /**
     * Registers {@code channel} (non-blocking, bound, and connected for a client) with {@code loop}, with no
     * interest yet. Loop thread.
     */
    public static DatagramTransport register(EventLoop loop, DatagramChannel channel, int maxDatagram)
            throws IOException {
        DatagramTransport transport = new DatagramTransport(channel, maxDatagram, loop);
        transport.key = loop.register(channel, 0, transport);
        return transport;
    }

    // ---------------------------------------------------------------- receiving

    @Override
    protected void read() {
        Upstream up = upstream;
        try {
            receiveSome(up);
        } finally {
            up.readComplete();
        }
    }

    private void receiveSome(Upstream up) {
        ByteBuffer buffer = scratch.receiveBuffer(maxDatagram + 1);
        for (int i = 0; i < DATAGRAMS_PER_READ; i++) {
            if (!interested(SelectionKey.OP_READ)) {
                return;
            }
            buffer.clear().limit(maxDatagram + 1);
            SocketAddress sender;
            try {
                sender = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return; // the session closed the channel during this event
            } catch (IOException e) {
                receiveFailed(up, e);
                return; // the error is consumed: the next readiness event is a new one
            }
            if (sender == null) {
                return; // nothing more queued
            }
            unreachable.datagramArrived();
            receiveFailures = 0;
            buffer.flip();
            if (buffer.remaining() > maxDatagram) {
                // Truncated by the kernel, or exactly one byte too long: either way too long.
                up.unitFailed(new FrameTooLongException(buffer.remaining(), maxDatagram));
                continue;
            }
            ByteBuffer unit = up.keepsInput() ? Cumulation.copy(buffer) : buffer;
            if (!up.receivedMessage(unit, sender) || !key.isValid()) {
                return;
            }
        }
    }

    private void receiveFailed(Upstream up, IOException e) {
        if (++receiveFailures >= RECEIVE_FAILURES_IN_A_ROW) {
            up.fail(e); // not a passing ICMP error: the socket itself is broken
        } else if (!(e instanceof PortUnreachableException)) {
            log.debug("receive on {} failed", this, e);
            up.unitFailed(e);
        } else if (unreachable.firstOfOutage()) {
            up.unitFailed(e);
        }
    }

    /** What the listener receives: the packet alone from a connected socket, else the packet and its sender. */
    @Override
    public Object inbound(Object pkg, Object meta) {
        if (connected) {
            return pkg;
        }
        InetSocketAddress sender = (InetSocketAddress) meta;
        return upstream.keepsInput() ? new UdpPacket<>(pkg, sender) : scratch.datagram.set(pkg, sender);
    }

    @Override
    public boolean unitErrorsAreLocal() {
        return true;
    }

    /** A datagram socket keeps no bytes between reads, so there is nothing to pass again. */
    @Override
    public void redeliver() {
    }

    // ---------------------------------------------------------------- encoding

    @Override
    public boolean framesPackets() {
        return true;
    }

    /**
     * Records where the next datagram goes and returns what the writer encodes into it: the content of a
     * {@link Datagram}; on a connected socket, also any other packet, which goes to the server.
     */
    @Override
    public Object beginPacket(Object pkg, OutboundBuffer top) {
        if (pkg instanceof Datagram<?> datagram) {
            InetSocketAddress peer = datagram.peer();
            if (connected) {
                if (peer != null && !peer.equals(remoteAddress)) {
                    throw new IllegalArgumentException("this socket is connected to " + remoteAddress
                            + " and cannot send to " + peer);
                }
                peer = null;
            } else {
                checkDestination(peer);
            }
            outbound.begin(top.size(), peer);
            return datagram.content();
        }
        if (!connected) {
            throw new IllegalArgumentException("an endpoint sends each packet to a peer: write a Datagram "
                    + "(Datagram.of(content, peer)), not a " + (pkg == null ? "null" : pkg.getClass().getName()));
        }
        outbound.begin(top.size(), null);
        return pkg;
    }

    private void checkDestination(InetSocketAddress peer) {
        if (peer == null || peer.isUnresolved() || peer.getPort() == 0) {
            throw new IllegalArgumentException("a datagram needs a resolved destination with a port: " + peer);
        }
        if (ipv4Only && peer.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("this endpoint is bound to IPv4 (" + localAddress
                    + ") and cannot send to " + peer + ": bind an IPv6 address such as :: to reach both");
        }
    }

    @Override
    public void endPacket(OutboundBuffer top, boolean ok) {
        if (!ok) {
            outbound.cancel();
            return;
        }
        int length = outbound.lengthSoFar(top.size());
        if (length == 0) {
            throw new IllegalArgumentException("the packet encoded to no bytes: empty datagrams are not sent");
        }
        if (length > maxDatagram) {
            throw new IllegalArgumentException("the packet encoded to a datagram of " + length
                    + " bytes, longer than the max datagram size of " + maxDatagram);
        }
        outbound.end(top.size());
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void flush(OutboundBuffer top) throws IOException {
        try {
            super.flush(top);
        } catch (IOException e) {
            sender.takeErrors(); // the session fails with e: its onError says enough
            throw e;
        }
        List<Throwable> errors = sender.takeErrors();
        if (errors != null) {
            for (Throwable error : errors) {
                upstream.unitFailed(error);
            }
        }
    }

    @Override
    public long write(OutboundBuffer pending) throws IOException {
        long sent = sender.send(pending);
        writeInterest(sender.blocked());
        return sent;
    }

    // ---------------------------------------------------------------- closing

    /**
     * A datagram socket has no peer whose goodbye to wait for: once the output is sent, its input ends, which
     * finishes the close.
     */
    @Override
    public void shutdown() {
        upstream.inputEnded(0);
        upstream.shutdownFinished();
    }

    @Override
    public void close() {
        outbound.clear();
        sender.takeErrors();
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", this, e);
        }
    }

    // ---------------------------------------------------------------- addresses

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    /** The server of a connected socket; {@code null} for an endpoint, whose peers are many. */
    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return "udp " + localAddress + (connected ? " -> " + remoteAddress : "");
    }
}
