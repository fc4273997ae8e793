package io.getty.core.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameBufferPoolTest {

    @Test
    void aBufferHasExactlyTheLengthAskedForAndIsDirect() {
        FrameBufferPool pool = new FrameBufferPool();
        for (int length : new int[] {1, 65_536, 65_537, 300_000, 1 << 20}) {
            ByteBuffer b = pool.acquire(length);
            assertThat(b.isDirect()).isTrue();
            assertThat(b.capacity()).isEqualTo(length);
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isEqualTo(length);
            assertThat(pool.lends(b)).isTrue();
            pool.release(b);
            assertThat(pool.lends(b)).isFalse();
        }
    }

    @Test
    void aBufferGivenBackIsLentAgainForASizeOfTheSameClass() {
        FrameBufferPool pool = new FrameBufferPool();
        ByteBuffer first = pool.acquire(70_000);
        first.put(0, (byte) 42);
        pool.release(first);
        ByteBuffer second = pool.acquire(100_000); // the same 128 KiB class: the same memory
        assertThat(second.get(0)).isEqualTo((byte) 42);
        ByteBuffer other = pool.acquire(70_000); // none spare now: a new one
        assertThat(other.get(0)).isZero();
    }

    @Test
    void releasingTwiceOrSomethingElseIsHarmless() {
        FrameBufferPool pool = new FrameBufferPool();
        ByteBuffer b = pool.acquire(80_000);
        pool.release(b);
        pool.release(b);
        pool.release(ByteBuffer.allocateDirect(80_000));
        ByteBuffer x = pool.acquire(80_000);
        ByteBuffer y = pool.acquire(80_000);
        x.put(0, (byte) 1);
        assertThat(y.get(0)).as("two buffers lent at once never share memory").isZero();
    }

    @Test
    void theSpareBuffersKeptAreBoundedInBytes() {
        FrameBufferPool pool = new FrameBufferPool();
        java.util.List<ByteBuffer> lent = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lent.add(pool.acquire(1 << 20)); // 1 MiB each: 8 MiB lent
            lent.add(pool.acquire(70_000));
        }
        assertThat(pool.lentBytes()).isEqualTo(8L * (1 << 20) + 8L * (128 << 10));
        lent.forEach(pool::release);
        assertThat(pool.lentBytes()).isZero();
        assertThat(pool.spareBytes()).isPositive().isLessThanOrEqualTo(FrameBufferPool.MAX_SPARE_BYTES);

        ByteBuffer huge = pool.acquire(8 << 20);
        long before = pool.spareBytes();
        pool.release(huge);
        assertThat(pool.spareBytes()).as("a buffer bigger than the cap is not kept").isEqualTo(before);
        pool.clear();
        assertThat(pool.spareBytes()).isZero();
    }
}
