package io.getty.examples;

import java.util.Locale;

/** Counted nouns for the output: {@code 1 connection}, {@code 8 connections}, {@code 10,000 messages}. */
final class Counts {

    private Counts() {
    }

    static String of(long count, String singular) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? singular : singular + "s");
    }
}
