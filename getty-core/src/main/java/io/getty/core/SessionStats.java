package io.getty.core;

/**
 * A session's traffic counters. They are updated by the session's event loop; read from another thread
 * they may be a moment behind, never torn.
 */
public interface SessionStats {

    /** Bytes received from the socket. */
    long bytesRead();

    /** Bytes handed to the kernel's socket buffer. */
    long bytesWritten();

    /** Packets decoded by the session's {@link PkgReader}. */
    long packetsRead();

    /** Packets encoded by the session's {@link PkgWriter} (plus raw byte writes), counted when accepted. */
    long packetsWritten();
}
