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

    @Option(names = "--transport", paramLabel = "T", defaultValue = "tcp", converter = Named.class,
            description = "tcp or udp; ws and wss come later (default: ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--tls", description = "tcp: TLS 1.3 or 1.2 under the same frames. The server uses the example "
            + "certificate in the jar (for localhost and 127.0.0.1; NOT FOR PRODUCTION); the client trusts the "
            + "example CA and checks the host name, unless --insecure")
    boolean tls;

    @Option(names = "--compression", paramLabel = "C", defaultValue = "none", converter = Compressions.class,
            description = "tcp: compress the byte stream, the same on both ends: none; deflate (raw DEFLATE at best "
                    + "speed, flushed with every write); snappy (Snappy's framing format). With --tls, compressed "
                    + "then encrypted (default: ${DEFAULT-VALUE})")
    Features.CompressionName compression;

    /**
     * The transport chosen, with what the flags ask of it: {@code --tls} and {@code --compression} from here,
     * {@code insecure} and {@code reconnect} from the client's own flags (false and null for a server).
     *
     * @throws ParameterException if the transport has nothing for a flag given, or flags contradict
     */
    Transport chosen(CommandSpec spec, boolean insecure, Duration reconnect) {
        try {
            return transport.with(new Features(tls, insecure, compression, reconnect));
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
