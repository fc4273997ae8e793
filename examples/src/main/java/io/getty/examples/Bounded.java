package io.getty.examples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A whole-number flag with a range: {@code 100000} or {@code 100_000}. Each kind of number is a subclass
 * that names its range once, so a flag declares it with {@code converter = Bounded.Size.class} and a
 * value outside it is refused with the range in the message.
 */
abstract class Bounded implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    Bounded(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String text) {
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new TypeConversionException(text + " is not from " + min + " to " + max);
        }
        return (int) value;
    }

    /** A port to listen on; 0 picks a free one. */
    static final class ListenPort extends Bounded {
        ListenPort() {
            super(0, 65_535);
        }
    }

    /** A server's port: one to connect to. */
    static final class ServerPort extends Bounded {
        ServerPort() {
            super(1, 65_535);
        }
    }

    static final class Threads extends Bounded {
        Threads() {
            super(1, 256);
        }
    }

    static final class Messages extends Bounded {
        Messages() {
            super(1, 1_000_000_000);
        }
    }

    /** Payload bytes: at most a session's default max message length. */
    static final class Size extends Bounded {
        Size() {
            super(1, EchoLoadOptions.MAX_SIZE);
        }
    }

    static final class Connections extends Bounded {
        Connections() {
            super(1, 10_000);
        }
    }

    static final class Window extends Bounded {
        Window() {
            super(1, 65_536);
        }
    }

    /** Up to a day. */
    static final class Seconds extends Bounded {
        Seconds() {
            super(1, 86_400);
        }
    }
}
