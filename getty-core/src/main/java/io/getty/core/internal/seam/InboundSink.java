package io.getty.core.internal.seam;

import java.nio.ByteBuffer;

/**
 * What a transport passes its bytes up to: the session's stream decoder, or the bottom of a
 * {@link LayerStack}. Loop thread only.
 */
public interface InboundSink {

    /**
     * Takes the bytes of {@code in} between position and limit and consumes a prefix of them, leaving the
     * position after it; the transport keeps the unread rest and passes it again, in front of the next bytes.
     * {@code in} is valid only during the call.
     *
     * @return false when the session stopped reading (it closed, or a gate shut): the transport then stops
     *         reading for this readiness event
     */
    boolean received(ByteBuffer in);

    /**
     * The peer closed its output; {@code unread} bytes were left that the sink had not consumed (a partial
     * packet or record).
     */
    void inputEnded(int unread);

    /**
     * Whether unread bytes kept for this sink may be used in place after the call: with a worker executor the
     * stream decoder hands out packets that share the bytes it decodes, so it must be given bytes that no one
     * reuses.
     */
    boolean keepsInput();

    /**
     * How many bytes the unit that starts at {@code in}'s position takes in all, if the sink can tell (a large
     * packet still arriving), else -1; {@code in} is left as it is. A transport keeps such a unit in a buffer
     * of exactly that size and reads the rest straight into it.
     */
    default int unitLength(ByteBuffer in) {
        return -1;
    }
}
