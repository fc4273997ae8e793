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

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp", converter = Named.class,
            description = "tcp or udp; ws and wss come later (default: ${DEFAULT-VALUE})")
    Transport transport;

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
            if (List.of("ws", "wss").contains(name)) {
                throw new TypeConversionException(name + " is not built yet; this build supports: " + supported);
            }
            throw new TypeConversionException("unknown transport '" + name + "'; this build supports: " + supported);
        }
    }
}
