package io.getty.benchmarks.load;

/**
 * Why a load run failed. {@link #reason()} is the one line printed on stderr; tests match on
 * {@link #kind()}. Only built when a run fails, so its allocation does not matter.
 */
public record Failure(Kind kind, String message) {

    public enum Kind {
        /** An echoed byte differs from the one sent (payload filler, or a sequence number never sent). */
        BYTE_MISMATCH,
        /** An echoed frame's length prefix differs from the one sent. */
        WRONG_LENGTH,
        /** A frame of another connection came back on this one. */
        WRONG_CONNECTION,
        /** A later frame came back before an earlier one: the earlier one was dropped or reordered. */
        OUT_OF_ORDER,
        /** A frame came back that was already verified. */
        DUPLICATE,
        /** Frames are in flight and no echo arrived for --stall-ms. */
        STALL,
        /** The server closed or reset the connection, or a read/write failed. */
        CONNECTION_LOST,
        /** A connection could not be established. */
        CONNECT_FAILED
    }

    public String reason() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }

    static Failure at(Kind kind, int connection, long sequence, String what) {
        return new Failure(kind, "connection " + connection + " seq " + sequence + ": " + what);
    }
}
