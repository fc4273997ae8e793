/**
 * getty over WebSocket (RFC 6455, with permessage-deflate from RFC 7692): servers and clients on top of the
 * TCP transport.
 */
module io.getty.ws {
    requires transitive io.getty.tcp;
    requires org.slf4j;

    exports io.getty.ws;
}
