package io.getty.tcp;

import io.getty.tcp.internal.LayerFactory;
import io.getty.tcp.internal.compress.DeflateLayer;
import io.getty.tcp.internal.compress.SnappyLayer;
import io.getty.tcp.internal.compress.SnappyLibrary;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * How a TCP end point's sessions compress their byte stream, as Getty's {@code SetCompressType} does: not at
 * all (the default), with DEFLATE at one of Getty's {@linkplain Level levels}, or with Snappy. Set it with
 * {@link TcpEndPointBuilder#compression(Compression)}. Immutable.
 *
 * <pre>{@code
 * TcpServer.builder().bind(8080).compression(Compression.deflate(Compression.Level.BEST_SPEED)) ...
 * }</pre>
 *
 * <ul>
 *   <li><b>Both ends must agree</b>: there is no negotiation, as in Getty. A getty client and server, or a
 *       getty session and a Getty (Go) one with the same {@code CompressType}, talk; a mismatch shows as a
 *       {@link io.getty.core.DecodeException} on the side that reads what it cannot decode.</li>
 *   <li><b>DEFLATE</b> is raw DEFLATE (RFC 1951: no zlib header, no checksum), one stream each way for the
 *       life of the session, flushed ({@code SYNC_FLUSH}) after each batch of writes so that no packet waits
 *       for the next: what Go's {@code compress/flate} writes and reads. A plain JDK peer reads it with
 *       {@code new InflaterInputStream(in, new Inflater(true))} and writes it with
 *       {@code new DeflaterOutputStream(out, new Deflater(level, true), true)}, flushing after each message.
 *       A graceful close ends the stream with its final block.</li>
 *   <li><b>Snappy</b> is Snappy's framing format (stream identifier, chunks of at most 64 KiB with a masked
 *       CRC-32C), as Go's {@code snappy.NewReader} reads it. It needs {@code org.xerial.snappy:snappy-java}
 *       (1.1.10 or later), an optional dependency of getty-tcp: {@link #snappy()} throws if it is missing.</li>
 *   <li><b>Decompression is bounded</b>: a session inflates at most 256 KiB per pass of its loop, and reads
 *       nothing more from its socket until it has caught up, so input that expands a thousandfold (a zip bomb)
 *       costs its sender time but cannot fill the memory or hold the loop; the session's max message length
 *       still bounds each packet.</li>
 *   <li><b>With TLS</b>, compression runs above it: packets are compressed, then encrypted.</li>
 *   <li><b>Counting</b>: write futures, water marks, the write buffer limit and the session's byte counts are
 *       in uncompressed bytes, those the codec wrote and read.</li>
 *   <li><b>Memory</b>: a DEFLATE session holds a {@link Deflater} (about 256 KB of native memory) from its
 *       first write and an {@link java.util.zip.Inflater} (about 40 KB) from its first read, until it closes;
 *       Snappy holds nothing per session.</li>
 * </ul>
 */
public final class Compression {
    private static final Compression NONE = new Compression(Algorithm.NONE, null);

    /** The compression algorithms. */
    public enum Algorithm {
        /** No compression layer: the session's bytes go to the socket as they are. */
        NONE,
        /** Raw DEFLATE (RFC 1951). */
        DEFLATE,
        /** Snappy's framing format. */
        SNAPPY
    }

    /** DEFLATE levels, named after Getty's {@code CompressType} constants. */
    public enum Level {
        /**
         * Getty's {@code CompressNone} given to {@code SetCompressType}: the DEFLATE format with stored
         * (uncompressed) blocks. For no compression at all, use {@link Compression#none()}.
         */
        NONE(Deflater.NO_COMPRESSION, Deflater.DEFAULT_STRATEGY),
        /** Getty's {@code CompressBestSpeed}: level 1. */
        BEST_SPEED(Deflater.BEST_SPEED, Deflater.DEFAULT_STRATEGY),
        /** Getty's {@code CompressZip}: zlib's default level (6). */
        DEFAULT(Deflater.DEFAULT_COMPRESSION, Deflater.DEFAULT_STRATEGY),
        /** Getty's {@code CompressBestCompression}: level 9. */
        BEST_COMPRESSION(Deflater.BEST_COMPRESSION, Deflater.DEFAULT_STRATEGY),
        /** Getty's {@code CompressHuffman}: Huffman coding alone, no search for repeated strings. */
        HUFFMAN_ONLY(Deflater.DEFAULT_COMPRESSION, Deflater.HUFFMAN_ONLY);

        private final int zlibLevel;
        private final int strategy;

        Level(int zlibLevel, int strategy) {
            this.zlibLevel = zlibLevel;
            this.strategy = strategy;
        }
    }

    private final Algorithm algorithm;
    private final Level level;

    private Compression(Algorithm algorithm, Level level) {
        this.algorithm = algorithm;
        this.level = level;
    }

    /** No compression (the default): Getty's sessions before {@code SetCompressType} is called. */
    public static Compression none() {
        return NONE;
    }

    /** DEFLATE at {@code level}. */
    public static Compression deflate(Level level) {
        return new Compression(Algorithm.DEFLATE, Objects.requireNonNull(level, "level"));
    }

    /** DEFLATE at the default level (Getty's {@code CompressZip}). */
    public static Compression deflate() {
        return deflate(Level.DEFAULT);
    }

    /**
     * Snappy's framing format (Getty's {@code CompressSnappy}).
     *
     * @throws IllegalStateException if snappy-java is not on the class path, or its native library does not
     *                               load here; the message says what to add
     */
    public static Compression snappy() {
        SnappyLibrary.check();
        return new Compression(Algorithm.SNAPPY, null);
    }

    /** The algorithm: {@link Algorithm#NONE} for no compression layer at all. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** The DEFLATE level; {@code null} for the other algorithms. */
    public Level level() {
        return level;
    }

    /** What makes each session's compression layer; {@code null} for none. */
    LayerFactory layerFactory() {
        return switch (algorithm) {
            case NONE -> null;
            case DEFLATE -> client -> new DeflateLayer(level.zlibLevel, level.strategy);
            case SNAPPY -> client -> new SnappyLayer();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compression c && c.algorithm == algorithm && c.level == level;
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Objects.hashCode(level);
    }

    @Override
    public String toString() {
        return level == null ? algorithm.name().toLowerCase(java.util.Locale.ROOT)
                : "deflate(" + level.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
