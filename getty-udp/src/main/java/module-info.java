/**
 * getty over UDP: a bound endpoint that is one session for every peer, and clients connected to one server.
 */
module io.getty.udp {
    requires transitive io.getty.core;
    requires org.slf4j;

    exports io.getty.udp;
}
