/**
 * getty over TCP: a server that accepts sessions and a client that connects one.
 */
@SuppressWarnings("requires-automatic") // snappy-java names its module in its manifest only
module io.getty.tcp {
    requires transitive io.getty.core;
    requires org.slf4j;
    requires static org.xerial.snappy; // optional: Snappy compression only

    exports io.getty.tcp;
    exports io.getty.tcp.internal to io.getty.ws;
}
