package io.getty.examples;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
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

    @Option(names = "--compression",
            description = "ws, wss: offer (client) and accept (server) permessage-deflate")
    boolean compression;

    @Option(names = "--insecure",
            description = "wss client: accept any server certificate (by default it must be signed by the "
                    + "examples' test CA)")
    boolean insecure;

    /** The transport chosen, with the settings of these flags. */
    Transport chosen() {
        return transport.configure(this);
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
            if (List.<String>of().contains(name)) {
                throw new TypeConversionException(name + " is not built yet; this build supports: " + supported);
            }
            throw new TypeConversionException("unknown transport '" + name + "'; this build supports: " + supported);
        }
    }
}
