package io.getty.core.internal.loop;

/** Something with output to push to its socket once the loop has finished the current pass. */
public interface Flushable {

    /** Writes what is pending. Loop thread. */
    void flush();
}
