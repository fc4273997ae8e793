package io.getty.core;

import java.nio.ByteBuffer;

/**
 * Where a {@link PkgWriter} appends an encoded packet: the session's pending output. Multi-byte values
 * are big-endian (network order). It grows as needed by pooled direct chunks, so appending allocates
 * nothing in steady state; appending past the session's write buffer limit throws
 * {@link WriteBufferFullException}, which fails that write only.
 */
public interface ByteOutput {

    ByteOutput writeByte(int value);

    ByteOutput writeShort(int value);

    ByteOutput writeInt(int value);

    ByteOutput writeLong(long value);

    ByteOutput writeBytes(byte[] src);

    ByteOutput writeBytes(byte[] src, int offset, int length);

    /**
     * Appends the bytes between {@code src}'s position and limit. {@code src}'s position is left where it
     * was, so one buffer can be written to many sessions.
     */
    ByteOutput writeBytes(ByteBuffer src);
}
