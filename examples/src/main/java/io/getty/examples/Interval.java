package io.getty.examples;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A time between 1 ms and 1 hour, with its unit: {@code 300ms}, {@code 2s}, {@code 1.5s}. */
final class Interval implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofHours(1);

    @Override
    public Duration convert(String text) {
        Matcher m = FORM.matcher(text.replace("_", ""));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a time with its unit, such as 300ms or 2s");
        }
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(m.group(2).equals("s") ? 1000 : 1));
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            throw new TypeConversionException(text + " is not from 1ms to 1 hour");
        }
        Duration interval = Duration.ofNanos(millis.movePointRight(6).longValue());
        if (interval.compareTo(MIN) < 0) {
            throw new TypeConversionException(text + " is not from 1ms to 1 hour");
        }
        return interval;
    }
}
