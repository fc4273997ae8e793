package io.getty.examples;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of every command, one set for all of them: {@code --name value} or {@code --name=value}.
 * Parsing checks the names; each getter checks its value's range when the command reads it, and every
 * problem is a {@link UsageException} with a one-line message.
 */
final class Flags {
    static final String TRANSPORT = "transport";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String THREADS = "threads";
    static final String MESSAGES = "messages";
    static final String SIZE = "size";
    static final String CONNECTIONS = "connections";
    static final String WINDOW = "window";
    static final String TIMEOUT_SECONDS = "timeout-seconds";

    static final List<String> ALL =
            List.of(TRANSPORT, HOST, PORT, THREADS, MESSAGES, SIZE, CONNECTIONS, WINDOW, TIMEOUT_SECONDS);

    /** The largest payload: the default max message length of a session. */
    static final int MAX_SIZE = 1024 * 1024;

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args} for {@code command}, which takes only the flags in {@code accepted}.
     *
     * @throws UsageException for an unknown, refused, repeated or valueless flag, or a stray argument
     */
    static Flags parse(String command, List<String> args, List<String> accepted) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (flags look like --port 9000)");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!ALL.contains(name)) {
                throw new UsageException("unknown flag --" + name);
            }
            if (!accepted.contains(name)) {
                throw new UsageException(command + " does not take --" + name);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException("--" + name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new Flags(values);
    }

    /** Whether the flag was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    Transport transport() throws UsageException {
        return Transport.named(values.getOrDefault(TRANSPORT, "tcp"));
    }

    String host(String fallback) {
        return values.getOrDefault(HOST, fallback);
    }

    /** The port, 0 to 65535; required. */
    int port() throws UsageException {
        if (!has(PORT)) {
            throw new UsageException("--port is required");
        }
        return number(PORT, 0, 0, 65_535);
    }

    int threads(int fallback) throws UsageException {
        return number(THREADS, fallback, 1, 256);
    }

    int messages(int fallback) throws UsageException {
        return number(MESSAGES, fallback, 1, 1_000_000_000);
    }

    int size(int fallback) throws UsageException {
        return number(SIZE, fallback, 1, MAX_SIZE);
    }

    int connections(int fallback) throws UsageException {
        return number(CONNECTIONS, fallback, 1, 10_000);
    }

    int window(int fallback) throws UsageException {
        return number(WINDOW, fallback, 1, 65_536);
    }

    Duration timeout(Duration fallback) throws UsageException {
        return has(TIMEOUT_SECONDS) ? Duration.ofSeconds(number(TIMEOUT_SECONDS, 0, 1, 86_400)) : fallback;
    }

    private int number(String name, int fallback, int min, int max) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be from " + min + " to " + max + ", not " + text);
        }
        return (int) value;
    }
}
