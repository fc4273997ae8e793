package io.getty.core.internal.session;

/** The events a session hands to its listener besides packets. */
enum SessionEvent {
    OPEN,
    CRON,
    WRITABLE,
    UNWRITABLE,
    CLOSE,
    /** The peer's EOF reached the end of the worker's queue: every packet is delivered, close gracefully now. */
    CLOSE_AFTER_DELIVERY
}
