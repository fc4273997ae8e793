package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import io.getty.ws.internal.ExtensionHeader.Extension;
import io.getty.ws.internal.ExtensionHeader.Param;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Negotiation of the permessage-deflate extension (RFC 7692 section 7.1): reading and writing the offer a
 * client sends and the response a server returns, with their four parameters.
 *
 * <p><b>Window sizes.</b> The JDK's {@link Deflater} and {@link java.util.zip.Inflater} always use zlib's
 * largest window, 15 bits (32 KiB); neither can be given another. What follows from that:
 * <ul>
 *   <li>Inflating is never a problem: a 15-bit window reads any stream made with a window of 8 to 15 bits.
 *       So a window the peer limits itself to is accepted whatever its value: {@code client_max_window_bits}
 *       in an offer (with or without a value) and {@code server_max_window_bits} in a response.</li>
 *   <li>Deflating with a smaller window is impossible with the JDK, but a stream with no back-references
 *       fits every window. So a server accepts an offer's {@code server_max_window_bits} below 15 by
 *       answering with it (section 7.1.2.1) and then compresses with Huffman codes only (see
 *       {@link MessageDeflater}): valid, with less gain than LZ77 would give. A client never offers
 *       {@code client_max_window_bits}, so a server may not answer with it (section 7.1.2.2), and a
 *       response that does anyway fails the handshake.</li>
 *   <li>A server never asks a client to use a smaller window either: the JDK's {@code Inflater} allocates
 *       its 32 KiB window whatever the peer uses, so asking would save the client memory and this end none.</li>
 * </ul>
 *
 * <p><b>Context takeover.</b> A {@link Config} says which side should reset its LZ77 window after every
 * message: each flag is honoured for this end's own compressor and asked of the peer for its compressor.
 * Resetting costs compression ratio and saves nothing with the JDK's classes, except that it makes each
 * message independent.
 */
public final class PerMessageDeflate {

    /** The extension's name. */
    public static final String NAME = "permessage-deflate";
    /** The window the JDK's Deflater and Inflater use, the largest RFC 7692 allows. */
    public static final int JDK_WINDOW_BITS = 15;

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private PerMessageDeflate() {
    }

    /**
     * What this end wants from permessage-deflate.
     *
     * @param serverNoContextTakeover the server resets its compressor after every message: a server does
     *                                and says so; a client asks for it
     * @param clientNoContextTakeover the client resets its compressor after every message: a client does
     *                                and says so; a server asks for it
     * @param compressionLevel        this end's {@link Deflater} level, 0-9 or -1 for zlib's default (6)
     */
    public record Config(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int compressionLevel) {

        /** Context takeover both ways, zlib's default level. */
        public static final Config DEFAULT = new Config(false, false, Deflater.DEFAULT_COMPRESSION);

        public Config {
            if (compressionLevel < -1 || compressionLevel > 9) {
                throw new IllegalArgumentException("compression level " + compressionLevel + " is not -1..9");
            }
        }
    }

    /**
     * What both ends agreed to, as the server's response says.
     *
     * @param serverNoContextTakeover the server resets its compressor after every message
     * @param clientNoContextTakeover the client resets its compressor after every message
     * @param serverMaxWindowBits     the server's window as stated in the response (8-15), or 0 when the
     *                                response does not state one (15)
     */
    public record Params(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                         int serverMaxWindowBits) {

        /** Whether the compressor of the end on {@code serverSide} resets after every message. */
        public boolean compressorResets(boolean serverSide) {
            return serverSide ? serverNoContextTakeover : clientNoContextTakeover;
        }

        /** The largest LZ77 window the compressor of the end on {@code serverSide} may use, 8-15. */
        public int compressorWindowBits(boolean serverSide) {
            // A client's window is never limited: it does not offer client_max_window_bits (see accept).
            return serverSide && serverMaxWindowBits != 0 ? serverMaxWindowBits : JDK_WINDOW_BITS;
        }

        /** Whether the decompressor of the end on {@code serverSide} resets after every message. */
        public boolean decompressorResets(boolean serverSide) {
            return serverSide ? clientNoContextTakeover : serverNoContextTakeover;
        }

        /** The response's {@code Sec-WebSocket-Extensions} value. */
        public String headerValue() {
            StringBuilder out = new StringBuilder(NAME);
            if (serverNoContextTakeover) {
                out.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
            }
            if (clientNoContextTakeover) {
                out.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
            }
            if (serverMaxWindowBits != 0) {
                out.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(serverMaxWindowBits);
            }
            return out.toString();
        }
    }

    /**
     * Server side: picks the first of the client's offers this end can honour (RFC 7692 section 5.1: offers
     * come in the client's order of preference) and returns what to answer, or {@code null} when none can
     * be (the connection then goes on without compression). An offer is declined for an unknown or repeated
     * parameter or an invalid value (section 7.1).
     */
    public static Params negotiate(List<Extension> offers, Config config) {
        for (Extension offer : offers) {
            if (NAME.equalsIgnoreCase(offer.name())) {
                Params params = fromOffer(offer, config);
                if (params != null) {
                    return params;
                }
            }
        }
        return null;
    }

    private static Params fromOffer(Extension offer, Config config) {
        boolean serverReset = false;
        boolean clientReset = false;
        int serverBits = 0;
        Set<String> seen = new HashSet<>();
        for (Param param : offer.params()) {
            String name = param.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (param.value() != null) {
                        return null;
                    }
                    serverReset = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (param.value() != null) {
                        return null;
                    }
                    clientReset = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    serverBits = windowBits(param.value());
                    if (serverBits < 0) {
                        return null;
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (param.value() != null && windowBits(param.value()) < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        // An offered server_max_window_bits is accepted by answering with it (section 7.1.2.1).
        return new Params(serverReset || config.serverNoContextTakeover(),
                clientReset || config.clientNoContextTakeover(), serverBits);
    }

    /** Client side: the offer to send in {@code Sec-WebSocket-Extensions}. */
    public static String offer(Config config) {
        StringBuilder out = new StringBuilder(NAME);
        if (config.serverNoContextTakeover()) {
            out.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (config.clientNoContextTakeover()) {
            out.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        return out.toString();
    }

    /**
     * Client side: reads the server's response to {@link #offer(Config)}.
     *
     * @throws WebSocketHandshakeException (status 101) for another extension, an unknown or repeated parameter, an
     *     invalid value, or {@code client_max_window_bits}, which was not offered (section 7.1.2.2)
     */
    public static Params accept(Extension response, Config config) {
        if (!NAME.equalsIgnoreCase(response.name())) {
            throw refused("the server chose extension " + response.name() + ", which was not offered");
        }
        boolean serverReset = false;
        boolean clientReset = false;
        int serverBits = 0;
        Set<String> seen = new HashSet<>();
        for (Param param : response.params()) {
            String name = param.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw refused("repeated permessage-deflate parameter " + name);
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (param.value() != null) {
                        throw refused(name + " with a value");
                    }
                    if (name.equals(SERVER_NO_CONTEXT_TAKEOVER)) {
                        serverReset = true;
                    } else {
                        clientReset = true;
                    }
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    serverBits = windowBits(param.value());
                    if (serverBits < 0) {
                        throw refused("invalid server_max_window_bits");
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> throw refused("client_max_window_bits, which was not offered");
                default -> throw refused("unknown permessage-deflate parameter " + name);
            }
        }
        return new Params(serverReset, clientReset || config.clientNoContextTakeover(), serverBits);
    }

    /** A window size value: 8-15 in decimal without leading zeros (section 7.1.2), else -1. */
    static int windowBits(String value) {
        if (value == null) {
            return -1;
        }
        return switch (value) {
            case "8", "9", "10", "11", "12", "13", "14", "15" -> Integer.parseInt(value);
            default -> -1;
        };
    }

    private static WebSocketHandshakeException refused(String message) {
        return new WebSocketHandshakeException(101, message);
    }
}
