package io.getty.udp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The multicast groups an endpoint's socket has joined, each on one interface. Any thread; joining and leaving
 * are rare, so one lock is fine.
 */
public final class MulticastMemberships {
    private final DatagramChannel channel;
    private final Map<Membership, MembershipKey> keys = new HashMap<>();

    private record Membership(InetAddress group, NetworkInterface networkInterface) {
    }

    /** The memberships of {@code channel}, none yet. */
    public MulticastMemberships(DatagramChannel channel) {
        this.channel = channel;
    }

    /** Joins {@code group} on {@code networkInterface}; returns false if it was a member already. */
    public synchronized boolean join(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Membership m = new Membership(group, networkInterface);
        MembershipKey key = keys.get(m);
        if (key != null && key.isValid()) {
            return false;
        }
        keys.put(m, channel.join(group, networkInterface));
        return true;
    }

    /** Leaves {@code group} on {@code networkInterface}; returns false if it was not a member. */
    public synchronized boolean leave(InetAddress group, NetworkInterface networkInterface) {
        MembershipKey key = keys.remove(new Membership(group, networkInterface));
        if (key == null || !key.isValid()) {
            return false;
        }
        key.drop();
        return true;
    }
}
