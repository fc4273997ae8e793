package io.getty.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.core.FrameTooLongException;
import io.getty.core.internal.buffer.ChunkPool;
import io.getty.core.internal.buffer.OutboundBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LengthFieldCodec} fed its input in every split: one byte at a time, every two-way split, random
 * chops, everything at once; and bad lengths.
 */
@Timeout(60)
class LengthFieldCodecTest {
    private static final int[] SIZES = {0, 1, 3, 255, 4096, 70000};
    /** Bytes before the data in each buffer the codec sees, so that absolute-index mistakes show. */
    private static final int GARBAGE = 5;

    private final LengthFieldCodec codec = new LengthFieldCodec();
    private final FakeSession session = new FakeSession(1024 * 1024);

    // ------------------------------------------------------------------ splits

    @Test
    void oneByteAtATime() {
        int[] sizes = repeat(SIZES, 2);
        byte[] stream = stream(sizes);
        ByteBuffer in = placed(stream, false);
        List<byte[]> packets = new ArrayList<>();
        List<Integer> completedAt = new ArrayList<>();
        for (int end = 1; end <= stream.length; end++) {
            in.limit(GARBAGE + end);
            int before = packets.size();
            drain(in, packets);
            for (int i = before; i < packets.size(); i++) {
                completedAt.add(end);
            }
        }
        assertPackets(sizes, packets);
        assertThat(in.remaining()).isZero();
        List<Integer> frameEnds = new ArrayList<>();
        int end = 0;
        for (int size : sizes) {
            end += 4 + size;
            frameEnds.add(end);
        }
        assertThat(completedAt).as("each packet appears as soon as its last byte is in").isEqualTo(frameEnds);
    }

    @Test
    void everyTwoWaySplit() {
        int[] sizes = {0, 1, 3, 255, 4096, 0, 2, 1};
        byte[] stream = stream(sizes);
        for (int split = 0; split <= stream.length; split++) {
            List<byte[]> packets = decodeInChunks(stream, new int[] {split, stream.length - split}, split % 2 == 0);
            assertPackets(sizes, packets);
        }
    }

    @Test
    void everyTwoWaySplitAroundTheLargeFrame() {
        byte[] stream = stream(SIZES);
        int largeStart = stream.length - 70000 - 4;
        for (int split = 0; split <= stream.length; split++) {
            boolean nearBoundary = split < largeStart + 64 || split > stream.length - 64 || split % 997 == 0;
            if (!nearBoundary) {
                continue;
            }
            assertPackets(SIZES, decodeInChunks(stream, new int[] {split, stream.length - split}, split % 2 == 1));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomChops(boolean direct) {
        int[] sizes = repeat(SIZES, 3);
        byte[] stream = stream(sizes);
        Random random = new Random(20240611L);
        for (int round = 0; round < 200; round++) {
            List<Integer> chops = new ArrayList<>();
            int left = stream.length;
            while (left > 0) {
                int max = switch (random.nextInt(4)) {
                    case 0 -> 8;
                    case 1 -> 300;
                    case 2 -> 5000;
                    default -> 80000;
                };
                int n = Math.min(left, 1 + random.nextInt(max));
                chops.add(n);
                left -= n;
            }
            int[] chunkSizes = chops.stream().mapToInt(Integer::intValue).toArray();
            assertPackets(sizes, decodeInChunks(stream, chunkSizes, direct));
        }
    }

    @Test
    void manyPacketsInOneBuffer() {
        int[] sizes = new int[10_000];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (i * 7) % 23;
        }
        byte[] stream = stream(sizes);
        ByteBuffer in = placed(stream, true);
        List<byte[]> packets = new ArrayList<>();
        drain(in, packets);
        assertPackets(sizes, packets);
        assertThat(in.position()).isEqualTo(in.limit());
    }

    @Test
    void partialHeaderAndPartialPayloadReturnNullAndLeavePositionAlone() {
        byte[] stream = stream(new int[] {10});
        for (int available = 0; available < stream.length; available++) {
            ByteBuffer in = placed(stream, available % 2 == 0);
            in.limit(GARBAGE + available);
            assertThat(codec.read(session, in)).isNull();
            assertThat(in.position()).isEqualTo(GARBAGE);
            assertThat(in.limit()).isEqualTo(GARBAGE + available);
        }
    }

    @Test
    void lengthExactlyAtTheMaxIsAccepted() {
        FakeSession small = new FakeSession(100);
        byte[] stream = stream(new int[] {100});
        ByteBuffer in = placed(stream, false);
        ByteBuffer pkg = codec.read(small, in);
        assertThat(pkg).isNotNull();
        assertThat(pkg.remaining()).isEqualTo(100);
    }

    @Test
    void writeThenReadRoundTripsAndLeavesThePayloadPositionAlone() {
        OutboundBuffer out = new OutboundBuffer(new ChunkPool(256, 16));
        ByteBuffer payload = ByteBuffer.wrap(payload(7, 1000));
        payload.position(10);
        codec.write(session, payload, out);
        assertThat(payload.position()).isEqualTo(10);
        assertThat(out.size()).isEqualTo(4 + 990);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void lengthOverTheMaxFailsAsSoonAsTheHeaderIsIn() {
        FakeSession small = new FakeSession(1000);
        ByteBuffer in = ByteBuffer.allocate(4 + GARBAGE);
        in.position(GARBAGE);
        in.putInt(GARBAGE, 1001);
        for (int available = 0; available < 4; available++) {
            in.limit(GARBAGE + available);
            assertThat(codec.read(small, in)).as("only %d header bytes", available).isNull();
        }
        in.limit(GARBAGE + 4); // the header and no payload at all
        assertThatThrownBy(() -> codec.read(small, in))
                .isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                    assertThat(e.length()).isEqualTo(1001);
                    assertThat(e.maxLength()).isEqualTo(1000);
                });
        assertThat(small.views).as("no packet made of a bad frame").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80000000, 0xFFFFFFFF, 0xC0000001})
    void lengthWithTheTopBitSetFailsAsTooLong(int header) {
        ByteBuffer in = ByteBuffer.allocate(8).putInt(header).putInt(0).flip();
        assertThatThrownBy(() -> codec.read(session, in))
                .isInstanceOfSatisfying(FrameTooLongException.class,
                        e -> assertThat(e.length()).isEqualTo(Integer.toUnsignedLong(header)));
    }

    @Test
    void badLengthAfterGoodFramesFailsOnlyWhenReached() {
        FakeSession small = new FakeSession(500);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(stream(new int[] {3, 500}));
        bytes.writeBytes(new byte[] {0, 0, 1, (byte) 0xF5}); // 501
        ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());
        assertThat(codec.read(small, in).remaining()).isEqualTo(3);
        assertThat(codec.read(small, in).remaining()).isEqualTo(500);
        assertThatThrownBy(() -> codec.read(small, in)).isInstanceOf(FrameTooLongException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** Decodes {@code stream} arriving in chunks of {@code chunkSizes}, keeping the unread tail as a session does. */
    private List<byte[]> decodeInChunks(byte[] stream, int[] chunkSizes, boolean direct) {
        List<byte[]> packets = new ArrayList<>();
        byte[] tail = new byte[0];
        int offset = 0;
        for (int n : chunkSizes) {
            byte[] arrived = new byte[tail.length + n];
            System.arraycopy(tail, 0, arrived, 0, tail.length);
            System.arraycopy(stream, offset, arrived, tail.length, n);
            offset += n;
            ByteBuffer in = placed(arrived, direct);
            drain(in, packets);
            tail = new byte[in.remaining()];
            in.get(tail);
        }
        assertThat(tail).as("bytes left over").isEmpty();
        return packets;
    }

    /** Reads packets until {@code read} returns null, checking the position contract at each step. */
    private void drain(ByteBuffer in, List<byte[]> packets) {
        while (true) {
            int position = in.position();
            int limit = in.limit();
            ByteBuffer pkg = codec.read(session, in);
            assertThat(in.limit()).as("read must not move the limit").isEqualTo(limit);
            if (pkg == null) {
                assertThat(in.position()).as("read returned null: position must stay").isEqualTo(position);
                return;
            }
            assertThat(in.position()).as("position after a packet").isEqualTo(position + 4 + pkg.remaining());
            byte[] copy = new byte[pkg.remaining()];
            pkg.duplicate().get(copy);
            packets.add(copy);
        }
    }

    /** {@code data} in a buffer after {@value #GARBAGE} garbage bytes, position at the data, limit at its end. */
    private static ByteBuffer placed(byte[] data, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(GARBAGE + data.length) : ByteBuffer.allocate(GARBAGE + data.length);
        for (int i = 0; i < GARBAGE; i++) {
            buffer.put((byte) 0x7F); // a huge length if a codec read it
        }
        buffer.put(data).flip().position(GARBAGE);
        return buffer;
    }

    static byte[] payload(int index, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (index * 31 + i * 7 + (i >>> 8));
        }
        return b;
    }

    static byte[] stream(int[] sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.writeBytes(payload(i, n));
        }
        return out.toByteArray();
    }

    private static int[] repeat(int[] sizes, int times) {
        int[] all = new int[sizes.length * times];
        for (int t = 0; t < times; t++) {
            System.arraycopy(sizes, 0, all, t * sizes.length, sizes.length);
        }
        return all;
    }

    private static void assertPackets(int[] sizes, List<byte[]> packets) {
        assertThat(packets).as("packet count").hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            byte[] got = packets.get(i);
            if (!Arrays.equals(got, payload(i, sizes[i]))) {
                throw new AssertionError("packet " + i + " differs: expected " + sizes[i] + " bytes, got " + got.length);
            }
        }
    }
}
