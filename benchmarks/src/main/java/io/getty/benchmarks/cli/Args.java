package io.getty.benchmarks.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * A tiny {@code --name value} parser. Every subcommand declares the flags it knows, so a typo is an
 * error instead of a silently ignored option (a silently ignored {@code --conections 64} would
 * quietly benchmark the wrong thing).
 */
public final class Args {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args} as {@code --name value} pairs; every name must be in {@code known}.
     *
     * @throws UsageException on an unknown flag, a flag without a value, a repeated flag or a stray word
     */
    public static Args parse(String command, String[] args, List<String> known) {
        Args parsed = new Args(command);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "' (flags look like --name value)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(command + ": --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown flag --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException(command + ": --" + name + " given twice");
            }
        }
        return parsed;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public String requiredString(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": --" + name + " is required");
        }
        return v;
    }

    public int requiredInt(String name, int min, int max) {
        requiredString(name);
        return intValue(name, 0, min, max);
    }

    /** An integer in {@code [min, max]}, or {@code defaultValue} when the flag is absent. */
    public int intValue(String name, int defaultValue, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(command + ": --" + name + " must be in [" + min + ", " + max + "], got " + v);
        }
        return (int) parsed;
    }

    /** A decimal number in {@code [min, max]}, or {@code defaultValue} when the flag is absent. */
    public double doubleValue(String name, double defaultValue, double min, double max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, got '" + v + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new UsageException(command + ": --" + name + " must be in [" + min + ", " + max + "], got " + v);
        }
        return parsed;
    }
}
