package io.getty.core;

/**
 * The peer closed its side of the connection in the middle of a packet. Every complete packet before
 * it was delivered; the bytes of the incomplete one are lost, and this says how many there were.
 */
public class IncompletePacketException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final int unreadBytes;

    public IncompletePacketException(int unreadBytes) {
        super("peer closed the connection in the middle of a packet; " + unreadBytes + " bytes unread");
        this.unreadBytes = unreadBytes;
    }

    public int unreadBytes() {
        return unreadBytes;
    }
}
