package io.getty.tcp.internal;

import io.getty.core.internal.seam.Layer;

/** Makes one layer for each new session of an end point (TLS, compression). */
@FunctionalInterface
public interface LayerFactory {

    /** A new layer for a session; {@code client} tells which side of the connection the session is. */
    Layer newLayer(boolean client);
}
