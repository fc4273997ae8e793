package io.getty.examples;

/** A bad command line: the message says what is wrong, in one line, and the process exits with 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
