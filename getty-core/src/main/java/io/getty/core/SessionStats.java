package io.getty.core;

/**
 * A session's traffic counters. They are updated by the session's event loop; read from another thread
 * they may be a moment behind, never torn. Bytes are counted as the codec sees them: what the session's
 * {@link PkgReader} decoded and its {@link PkgWriter} encoded, after TLS, compression and WebSocket framing
 * are taken off, not the bytes on the wire.
 */
public interface SessionStats {

    /** Bytes of the packets decoded so far. */
    long bytesRead();

    /** Bytes encoded by the session that are in the kernel's socket buffer (with TLS: their records are). */
    long bytesWritten();

    /** Packets decoded by the session's {@link PkgReader}. */
    long packetsRead();

    /** Packets encoded by the session's {@link PkgWriter} (plus raw byte writes), counted when accepted. */
    long packetsWritten();
}
