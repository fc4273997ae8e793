package io.getty.core;

/**
 * Turns an outbound packet into bytes by appending them to {@code out}, the session's pending output.
 * Called on the session's event loop, in the order the writes were made. Nothing needs to be allocated
 * per packet: {@link ByteOutput} grows by pooled chunks.
 *
 * <p>If {@code write} throws, whatever it appended is taken back and only that write fails, with an
 * {@link EncodeException}; the session goes on.
 *
 * @param <O> the outbound packet type
 */
@FunctionalInterface
public interface PkgWriter<O> {

    /** Appends the encoding of {@code pkg} to {@code out}. */
    void write(Session session, O pkg, ByteOutput out);
}
