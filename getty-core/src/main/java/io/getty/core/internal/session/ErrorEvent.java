package io.getty.core.internal.session;

/** The session failed with {@code cause}. */
record ErrorEvent(Throwable cause) {
}
