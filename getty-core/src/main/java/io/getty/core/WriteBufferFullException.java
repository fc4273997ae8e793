package io.getty.core;

/**
 * A write would have taken the session's pending output past its write buffer limit (the peer is not
 * reading fast enough). Only that write fails, at once; the session stays open. See
 * {@link SessionOptions#writeBufferLimit()}.
 */
public class WriteBufferFullException extends GettyException {
    private static final long serialVersionUID = 1L;

    public WriteBufferFullException(long pendingBytes, long limit) {
        super("write buffer full: " + pendingBytes + " bytes pending, limit " + limit + " bytes");
    }
}
