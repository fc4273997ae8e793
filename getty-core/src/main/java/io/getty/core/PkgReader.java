package io.getty.core;

import java.nio.ByteBuffer;

/**
 * Turns a session's inbound bytes into packets.
 *
 * <pre>
 *   in:  | packet 1 | packet 2 | half of packet 3 |
 *        ^position                                 ^limit
 *   read -> packet 1 (position after packet 1); read -> packet 2; read -> null (position unchanged)
 * </pre>
 *
 * <p>The session calls {@link #read} again and again on the bytes it has, delivering each packet, until it
 * returns {@code null}; it keeps only the unread tail and calls again when more bytes arrive.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@code in} starts at the first unread byte and ends at the last byte received. Return a packet
 *       and leave {@code position} just after the bytes it used (at least one); or return {@code null} and
 *       leave {@code position} alone when more bytes are needed.</li>
 *   <li>Throw on malformed input: a {@link DecodeException} (or a subclass such as
 *       {@link FrameTooLongException}) reaches {@link EventListener#onError} as it is; anything else is
 *       wrapped in a {@code DecodeException}. The session then closes; other sessions go on.</li>
 *   <li>A frame longer than {@link Session#maxMessageLength()} is an error, not a reason to buffer:
 *       check a length header as soon as it is readable. The session also refuses to buffer more than
 *       the max message length plus 64 KiB for a reader that never returns a packet.</li>
 *   <li>{@code in} is valid only during the call. A packet may share its bytes: create such views with
 *       {@link Session#view}, whose lifetime rule the session guarantees (see there).</li>
 *   <li>Called on the session's event loop only, never concurrently for one session, so a reader may
 *       keep per-session state if one instance is made per session.</li>
 * </ul>
 *
 * @param <I> the inbound packet type
 */
@FunctionalInterface
public interface PkgReader<I> {

    /**
     * Decodes the next packet from {@code in}.
     *
     * @return the packet, or {@code null} if {@code in} does not yet hold a whole one
     */
    I read(Session session, ByteBuffer in);

    /**
     * How many bytes the packet that starts at {@code in}'s position takes in all, when {@link #read} has just
     * returned {@code null} for it and the reader can tell (its length field is in), else -1 (the default).
     * Optional: with it, the session keeps a large packet that is still arriving in a buffer of exactly that
     * size and reads the rest straight into it, instead of growing a buffer and copying as it goes. Must not
     * change {@code in}.
     */
    default int packetLength(Session session, ByteBuffer in) {
        return -1;
    }
}
