package io.getty.core.internal.seam;

import java.io.IOException;

/** A write failed after earlier attempts of the same flush had put {@link #written()} bytes in the kernel. */
public final class PartialWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long written;

    public PartialWriteException(long written, IOException failure) {
        super(failure.getMessage(), failure);
        this.written = written;
    }

    public long written() {
        return written;
    }

    /** The I/O error itself. */
    public IOException failure() {
        return (IOException) getCause();
    }
}
