package io.getty.core;

import java.net.SocketAddress;
import java.util.Collection;

/** An end point that accepts sessions. */
public interface Server extends EndPoint {

    /** The address the server listens on (with the actual port when bound to port 0). */
    SocketAddress localAddress();

    /** The open sessions, as a snapshot. */
    Collection<Session> sessions();

    int sessionCount();
}
