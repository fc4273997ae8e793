package io.getty.benchmarks.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numeric flags with a range. A kind of number is a subclass that names its range once, and a flag
 * declares it with {@code converter = ...}: a value out of range is refused before anything runs, with
 * the range in the message (a silently accepted {@code --depth 0} would benchmark nothing).
 */
public final class Bounded {

    private Bounded() {
    }

    /** A whole number from {@code min} to {@code max}; {@code 100_000} is allowed. */
    public abstract static class Whole implements ITypeConverter<Integer> {
        private final int min;
        private final int max;
        private final String note;

        /** {@code note}, when not empty, says why the range is what it is. */
        protected Whole(int min, int max, String note) {
            this.min = min;
            this.max = max;
            this.note = note;
        }

        /** A range that needs no explaining. */
        protected Whole(int min, int max) {
            this(min, max, "");
        }

        @Override
        public Integer convert(String text) {
            long value;
            try {
                value = Long.parseLong(text.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new TypeConversionException(text + " is not from " + min + " to " + max
                        + (note.isEmpty() ? "" : " (" + note + ")"));
            }
            return (int) value;
        }
    }

    /** A decimal number from {@code min} to {@code max}, such as seconds: {@code 1.5}. */
    public abstract static class Decimal implements ITypeConverter<Double> {
        private final double min;
        private final double max;

        /** The range, both ends included. */
        protected Decimal(double min, double max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Double convert(String text) {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(value >= min && value <= max)) {
                throw new TypeConversionException(text + " is not from " + min + " to " + max);
            }
            return value;
        }
    }

    /** The port of a server to connect to. */
    public static final class Port extends Whole {
        /** 1 to 65535. */
        public Port() {
            super(1, 65_535);
        }
    }

    /** Connections opened per batch, each batch complete before the next. */
    public static final class ConnectBatch extends Whole {
        /** 1 to 100,000. */
        public ConnectBatch() {
            super(1, 100_000);
        }
    }
}
