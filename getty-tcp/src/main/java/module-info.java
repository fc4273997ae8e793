/**
 * getty over TCP: a server that accepts sessions and a client that connects one.
 */
module io.getty.tcp {
    requires transitive io.getty.core;
    requires org.slf4j;

    exports io.getty.tcp;
    exports io.getty.tcp.internal to io.getty.ws;
}
