package io.getty.tcp.internal;

import io.getty.tcp.TcpEndPointBuilder;
import java.time.Duration;

/**
 * What getty's own modules may set on a TCP end point builder beyond its public options: the WebSocket module
 * builds its servers and clients as TCP end points with a layer of its own on top. The builder installs the
 * access when its class is initialized, which happens before any builder exists.
 */
public final class EndPointHooks {
    private static volatile Access access;

    /** The package-private settings of {@link TcpEndPointBuilder}. */
    public interface Access {
        /** Adds a layer under those added before (the first one added is the top). */
        void addLayer(TcpEndPointBuilder<?> builder, LayerFactory factory);

        /** How long the layers may take to open (every handshake together) before the session fails. */
        void handshakeTimeout(TcpEndPointBuilder<?> builder, Duration timeout);
    }

    private EndPointHooks() {
    }

    /** Called once, by {@link TcpEndPointBuilder}. */
    public static void install(Access hooks) {
        access = hooks;
    }

    /** The access; a builder must exist already (its class installs it). */
    public static Access access() {
        Access a = access;
        if (a == null) {
            throw new IllegalStateException("no TCP end point builder has been made yet");
        }
        return a;
    }
}
