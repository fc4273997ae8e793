package io.getty.core.internal.buffer;

import java.nio.ByteBuffer;

/**
 * One view object re-pointed at ranges of a source buffer, so that zero-copy packets cost no allocation.
 * A view made for one range is invalid once the next is made. Single thread.
 */
public final class ReusableView {
    private ByteBuffer source;
    private ByteBuffer view;

    /** The bytes of {@code source} from absolute {@code index}, {@code length} long, between position and limit. */
    public ByteBuffer of(ByteBuffer source, int index, int length) {
        if (source != this.source) {
            this.source = source;
            this.view = source.duplicate();
        }
        // Limit first: moving the position past the old limit would throw.
        return view.limit(index + length).position(index);
    }

    /** Whether {@code o} is this object's view, which the next {@link #of} call re-points. */
    public boolean isView(Object o) {
        return o != null && o == view;
    }
}
