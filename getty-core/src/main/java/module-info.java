/**
 * getty core: sessions, codecs, event listeners and the reactor they run on.
 *
 * <p>The machinery (the loops, buffers, sessions and the seam under them) is exported only to getty's own
 * transport modules.
 */
module io.getty.core {
    requires org.slf4j;

    exports io.getty.core;
    exports io.getty.core.codec;
    exports io.getty.core.internal.loop to io.getty.tcp, io.getty.udp, io.getty.ws;
    exports io.getty.core.internal.buffer to io.getty.tcp, io.getty.udp, io.getty.ws;
    exports io.getty.core.internal.session to io.getty.tcp, io.getty.udp, io.getty.ws;
    exports io.getty.core.internal.seam to io.getty.tcp, io.getty.udp, io.getty.ws;
}
