package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.HOST;
import static io.getty.udp.UdpTestSupport.WAIT;
import static io.getty.udp.UdpTestSupport.buffer;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.getty.core.Session;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multicast on this host: an endpoint that joined a group receives what another endpoint sends to it, through
 * IP_MULTICAST_LOOP, and stops when it leaves; with loopback off, nothing sent comes back to this host.
 *
 * <p>It needs an interface that is up, multicast-capable, not the loopback, and has an IPv4 address: a datagram
 * sent to a group leaves by that interface, and only the IP_MULTICAST_LOOP option brings a copy back to this
 * host's sockets, which is what is tested. (Through {@code lo} the datagram arrives whatever the option says,
 * since that interface delivers everything it sends to this host; and lo usually has no MULTICAST flag.)
 * Where there is none (a container without a network), the tests are skipped, saying so.
 *
 * <p>A datagram that must not arrive is followed by a unicast marker from the same socket to the same receiver:
 * once the marker is in, the group datagram, sent before it over the same host, would have been too.
 */
@Timeout(60)
class MulticastTest {

    private static Optional<NetworkInterface> multicastInterface() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(ni -> {
            try {
                return ni.isUp() && ni.supportsMulticast() && !ni.isLoopback()
                        && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address);
            } catch (SocketException e) {
                return false;
            }
        }).findFirst();
    }

    private static NetworkInterface requireMulticastInterface() throws SocketException {
        Optional<NetworkInterface> ni = multicastInterface();
        assumeTrue(ni.isPresent(), "no interface that is up, multicast-capable, not loopback and has an IPv4 "
                + "address: a group datagram sent here could not come back through IP_MULTICAST_LOOP");
        return ni.get();
    }

    private static InetAddress randomGroup() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return InetAddress.getByName("239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255)); // organisation-local
    }

    /** A receiver on every IPv4 address (a socket bound to 127.0.0.1 gets no group datagrams). */
    private static UdpEndpoint receiver(DatagramRecorder recorder) {
        return UdpEndpoint.builder().bind(new InetSocketAddress("0.0.0.0", 0)).reuseAddress(true)
                .onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
    }

    private static UdpEndpoint sender(NetworkInterface ni, boolean loopback, DatagramRecorder recorder) {
        return UdpEndpoint.builder().bind(new InetSocketAddress("0.0.0.0", 0)).multicastInterface(ni)
                .multicastLoopback(loopback).onNewSession(s -> s.codec(CODEC).listener(recorder)).start();
    }

    /** Sends {@code text} to the group and then a unicast marker to the receiver; returns what arrives first. */
    private static String groupThenMarker(Session sender, InetAddress group, UdpEndpoint receiver,
                                          DatagramRecorder received, String text) throws Exception {
        sender.writePkg(Datagram.of(buffer(text), new InetSocketAddress(group, receiver.port())));
        sender.writePkg(Datagram.of(buffer("marker"), new InetSocketAddress(HOST, receiver.port())));
        String first = received.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if ("marker".equals(first)) {
            return first;
        }
        assertThat(received.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("marker");
        return first;
    }

    @Test
    void aMemberReceivesWhatIsSentToItsGroupUntilItLeaves() throws Exception {
        NetworkInterface ni = requireMulticastInterface();
        InetAddress group = randomGroup();
        DatagramRecorder atReceiver = new DatagramRecorder((s, d) -> { });
        DatagramRecorder atSender = new DatagramRecorder((s, d) -> { });
        UdpEndpoint receiver = receiver(atReceiver);
        UdpEndpoint sender = sender(ni, true, atSender);
        try {
            Session out = get(sender.openFuture());
            get(receiver.openFuture());
            assertThat(groupThenMarker(out, group, receiver, atReceiver, "before joining")).isEqualTo("marker");

            assertThat(receiver.joinGroup(group, ni)).isTrue();
            assertThat(receiver.joinGroup(group, ni)).as("a second join of the same group").isFalse();
            assertThat(groupThenMarker(out, group, receiver, atReceiver, "to the group")).isEqualTo("to the group");

            assertThat(receiver.leaveGroup(group, ni)).isTrue();
            assertThat(receiver.leaveGroup(group, ni)).as("a second leave").isFalse();
            assertThat(groupThenMarker(out, group, receiver, atReceiver, "after leaving")).isEqualTo("marker");
            assertThat(atSender.errors).isEmpty();
            assertThat(atReceiver.errors).isEmpty();
        } finally {
            closeAll(sender, receiver);
        }
    }

    @Test
    void multicastLoopbackTrueDeliversToThisHostAndFalseDoesNot() throws Exception {
        NetworkInterface ni = requireMulticastInterface();
        InetAddress group = randomGroup();
        DatagramRecorder atReceiver = new DatagramRecorder((s, d) -> { });
        UdpEndpoint receiver = receiver(atReceiver);
        UdpEndpoint loopOn = sender(ni, true, new DatagramRecorder((s, d) -> { }));
        UdpEndpoint loopOff = sender(ni, false, new DatagramRecorder((s, d) -> { }));
        try {
            get(receiver.openFuture());
            assertThat(receiver.joinGroup(group, ni)).isTrue();
            // OpenJDK's IP_MULTICAST_LOOP = true turns loopback ON (the old MulticastSocket.setLoopbackMode(true)
            // turned it off): the option as set must mean what it says.
            assertThat(groupThenMarker(get(loopOn.openFuture()), group, receiver, atReceiver, "loop on"))
                    .isEqualTo("loop on");
            assertThat(groupThenMarker(get(loopOff.openFuture()), group, receiver, atReceiver, "loop off"))
                    .isEqualTo("marker");
        } finally {
            closeAll(loopOn, loopOff, receiver);
        }
    }
}
