/**
 * getty core: sessions, codecs, event listeners and the reactor they run on.
 */
module io.getty.core {
    requires org.slf4j;

    exports io.getty.core;
    exports io.getty.core.codec;
    exports io.getty.core.internal.loop to io.getty.tcp;
    exports io.getty.core.internal.buffer to io.getty.tcp;
    exports io.getty.core.internal.session to io.getty.tcp;
}
