package io.getty.examples;

import io.getty.core.Reconnect;
import io.getty.tcp.Compression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code --tls}, {@code --insecure}, {@code --compression} and {@code --reconnect} ask of a transport; all
 * off by default. A transport takes them with {@link Transport#with(Features)}, or refuses those it has not.
 *
 * @param tls         TLS, with the example certificate ({@link ExampleTls})
 * @param insecure    client: trust any server certificate instead of the example CA (needs {@code tls})
 * @param compression how the byte stream is compressed
 * @param reconnect   client: the interval to reconnect after a lost connection, or null for never
 */
record Features(boolean tls, boolean insecure, CompressionName compression, Duration reconnect) {
    /** Nothing asked: the transport as it is. */
    static final Features NONE = new Features(false, false, CompressionName.NONE, null);
    /** The longest wait between reconnects, however many fail in a row: an example should not sit idle long. */
    static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(5);

    Features {
        Objects.requireNonNull(compression, "compression");
    }

    /** TLS and nothing else. */
    static Features tlsOnly() {
        return new Features(true, false, CompressionName.NONE, null);
    }

    /** Compression and nothing else. */
    static Features compressed(CompressionName compression) {
        return new Features(false, false, compression, null);
    }

    /** These features, with TLS as well. */
    Features withTls() {
        return new Features(true, insecure, compression, reconnect);
    }

    /** The client's reconnection policy: {@code reconnect}, doubling up to {@link #MAX_RECONNECT_WAIT}; or never. */
    Reconnect reconnectPolicy() {
        if (reconnect == null) {
            return Reconnect.never();
        }
        Reconnect every = Reconnect.every(reconnect);
        return every.withMaxInterval(reconnect.compareTo(MAX_RECONNECT_WAIT) > 0 ? reconnect : MAX_RECONNECT_WAIT);
    }

    /** The flags that asked for something, as typed: {@code [--tls, --compression deflate]}. */
    List<String> flags() {
        List<String> flags = new ArrayList<>();
        if (tls) {
            flags.add("--tls");
        }
        if (insecure) {
            flags.add("--insecure");
        }
        if (compression != CompressionName.NONE) {
            flags.add("--compression " + compression.flagValue());
        }
        if (reconnect != null) {
            flags.add("--reconnect");
        }
        return flags;
    }

    /** What {@code --compression} takes. */
    enum CompressionName {
        /** No compression layer. */
        NONE,
        /** Raw DEFLATE at best speed (Getty's {@code CompressBestSpeed}), flushed with every write. */
        DEFLATE,
        /** Snappy's framing format (Getty's {@code CompressSnappy}), with snappy-java. */
        SNAPPY;

        /** The value {@code --compression} takes for it. */
        String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The library's setting.
         *
         * @throws IllegalStateException for Snappy, if snappy-java cannot be used here (it says why)
         */
        Compression compression() {
            return switch (this) {
                case NONE -> Compression.none();
                case DEFLATE -> Compression.deflate(Compression.Level.BEST_SPEED);
                case SNAPPY -> Compression.snappy();
            };
        }
    }
}
