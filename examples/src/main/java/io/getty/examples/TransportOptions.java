package io.getty.examples;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags that choose how messages travel, shared by {@code echo-server} and {@code echo-client} so the
 * two always agree; a setting of a transport (TLS, compression, a WebSocket path) is one more field here.
 */
final class TransportOptions {

    /** The WebSocket path when {@code --path} is not given. */
    static final String DEFAULT_PATH = "/echo";

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp", converter = Named.class,
            description = "tcp, udp, ws (WebSocket) or wss (WebSocket over TLS) (default: ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--path", paramLabel = "P", defaultValue = DEFAULT_PATH, converter = WebSocketPath.class,
            description = "ws, wss: the WebSocket path; a client's may end in ?query (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--tls", description = "tcp: TLS 1.3 or 1.2 under the same frames. The server uses the example "
            + "certificate in the jar (for localhost and 127.0.0.1; NOT FOR PRODUCTION); the client trusts the "
            + "example CA and checks the host name, unless --insecure (ws over TLS: --transport wss)")
    boolean tls;

    @Option(names = "--compression", paramLabel = "C", arity = "0..1", defaultValue = "none", fallbackValue = "deflate",
            converter = Compressions.class,
            description = "the same on both ends. tcp: compress the byte stream: none; deflate (raw DEFLATE at best "
                    + "speed, flushed with every write); snappy (Snappy's framing format); with --tls, compressed "
                    + "then encrypted. ws, wss: deflate offers (client) and accepts (server) permessage-deflate. "
                    + "Without a value: deflate (default: ${DEFAULT-VALUE})")
    Features.CompressionName compression;

    /**
     * The transport chosen, with what the flags ask of it: {@code --path}, {@code --tls} and {@code --compression}
     * from here, {@code insecure} and {@code reconnect} from the client's own flags (false and null for a server).
     *
     * @throws ParameterException if the transport has nothing for a flag given, or flags contradict
     */
    Transport chosen(CommandSpec spec, boolean insecure, Duration reconnect) {
        try {
            return transport.configure(this).with(new Features(tls, insecure, compression, reconnect));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** What {@code --tls} and {@code --compression} turned on, as the server's first line says it: {@code tls, deflate}. */
    String describe() {
        List<String> on = new java.util.ArrayList<>();
        if (tls) {
            on.add("tls");
        }
        if (compression != Features.CompressionName.NONE) {
            on.add(compression.flagValue());
        }
        return String.join(", ", on);
    }

    /** The values of {@code --compression}; Snappy only if snappy-java works here. */
    static final class Compressions implements ITypeConverter<Features.CompressionName> {

        @Override
        public Features.CompressionName convert(String name) {
            for (Features.CompressionName value : Features.CompressionName.values()) {
                if (value.flagValue().equals(name)) {
                    try {
                        value.compression();
                    } catch (IllegalStateException e) {
                        throw new TypeConversionException(name + " cannot be used here: " + e.getMessage());
                    }
                    return value;
                }
            }
            throw new TypeConversionException("'" + name + "' is not one of none, deflate, snappy");
        }
    }

    /** A WebSocket path, and for a client a query: it starts with '/'. */
    static final class WebSocketPath implements ITypeConverter<String> {

        @Override
        public String convert(String value) {
            if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c >= 0x7F || c == '#')) {
                throw new TypeConversionException("a WebSocket path starts with '/' and holds no space or '#': '"
                        + value + "'");
            }
            return value;
        }
    }

    /** Finds a transport by the name {@code --transport} gives it, and names the built ones when it cannot. */
    static final class Named implements ITypeConverter<Transport> {

        @Override
        public Transport convert(String name) {
            for (Transport transport : Transport.all()) {
                if (transport.name().equals(name)) {
                    return transport;
                }
            }
            String supported = Transport.all().stream().map(Transport::name).collect(Collectors.joining(", "));
            throw new TypeConversionException("unknown transport '" + name + "'; this build supports: " + supported);
        }
    }
}
