package io.getty.core;

import java.net.SocketAddress;
import java.util.Collection;

/** An end point that connects to a server. */
public interface Client extends EndPoint {

    SocketAddress remoteAddress();

    /** The open sessions, as a snapshot. */
    Collection<Session> sessions();
}
