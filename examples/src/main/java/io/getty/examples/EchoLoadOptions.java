package io.getty.examples;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags of an echo load, shared by {@code echo-client} and {@code demo}; each command passes the
 * defaults that differ between the two.
 */
final class EchoLoadOptions {
    /** The largest payload: the default max message length of a session. */
    static final int MAX_SIZE = 1024 * 1024;

    @Option(names = "--messages", paramLabel = "M", converter = Bounded.Messages.class,
            description = "messages per connection, 1-1000000000 (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--size", paramLabel = "S", converter = Bounded.Size.class,
            description = "payload bytes per message, 1-" + MAX_SIZE + " (default: ${DEFAULT-VALUE})")
    int size = 256;

    @Option(names = "--connections", paramLabel = "C", converter = Bounded.Connections.class,
            description = "client connections, 1-10000 (default: ${DEFAULT-VALUE})")
    int connections = 4;

    @Option(names = "--window", paramLabel = "W", converter = Bounded.Window.class,
            description = "messages in flight per connection, 1-65536 (default: ${DEFAULT-VALUE}), lowered to keep "
                    + "at most 2 MiB in flight per connection")
    int window = 64;

    @Option(names = "--loss-tolerance", paramLabel = "PCT", converter = Percent.class,
            description = "udp: the percentage of messages that may be lost before the run fails, 0-100 "
                    + "(default: ${DEFAULT-VALUE})")
    double lossTolerance = EchoLoad.Settings.DEFAULT_LOSS_TOLERANCE;

    @Option(names = "--timeout-seconds", paramLabel = "T", converter = Bounded.Seconds.class,
            description = "fail if not done in T seconds, 1-86400 (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    EchoLoadOptions(int messages, int timeoutSeconds) {
        this.messages = messages;
        this.timeoutSeconds = timeoutSeconds;
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    EchoLoad.Settings settings() {
        return new EchoLoad.Settings(connections, messages, size, window, timeout(), lossTolerance);
    }

    /** A percentage from 0 to 100, decimals allowed. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(value >= 0 && value <= 100)) {
                throw new TypeConversionException(text + " is not from 0 to 100");
            }
            return value;
        }
    }
}
