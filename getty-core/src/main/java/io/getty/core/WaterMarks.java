package io.getty.core;

/**
 * The pending-output levels between which a session changes its writability. When the bytes accepted but
 * not yet in the kernel exceed {@code high}, the session becomes unwritable; when they drop below
 * {@code low}, it becomes writable again. Immutable.
 */
public record WaterMarks(int low, int high) {

    /** 32 KiB low, 64 KiB high. */
    public static final WaterMarks DEFAULT = new WaterMarks(32 * 1024, 64 * 1024);

    public WaterMarks {
        if (low < 0) {
            throw new IllegalArgumentException("low water mark must be >= 0: " + low);
        }
        if (high < low) {
            throw new IllegalArgumentException("high water mark (" + high + ") must be >= low (" + low + ")");
        }
    }
}
