package io.getty.core.internal.buffer;

/**
 * A packet object that an event loop re-points for every unit it delivers, as it does its
 * {@link ReusableView}s (a datagram with its sender, say): valid only until the callback that received it
 * returns. A session of another loop that is handed one takes {@link #ownedCopy()} instead, made on the
 * caller's thread before the write leaves it.
 */
public interface ReusedPacket {

    /**
     * A packet equal to this one that owns what it refers to (a copy of a reusable view among its parts), for
     * use after the callback has returned. Called on the loop that delivered this packet.
     */
    Object ownedCopy();
}
