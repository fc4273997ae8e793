package io.getty.core;

/** A peer announced or sent a packet longer than the session's max message length. The session closes. */
public class FrameTooLongException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final int maxLength;

    public FrameTooLongException(long length, int maxLength) {
        super("frame of " + length + " bytes exceeds the max message length of " + maxLength + " bytes");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** The length the peer announced, or the bytes buffered so far when the reader gave no length. */
    public long length() {
        return length;
    }

    public int maxLength() {
        return maxLength;
    }
}
