package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.internal.buffer.ChunkPool;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.ws.MessageType;
import io.getty.ws.WebSocketMessage;
import io.getty.ws.WebSocketProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The outbound and inbound halves of the layer against each other, with no socket: packets are recorded and
 * framed by a {@link MessageWriter} (masked when it is a client's, compressed with permessage-deflate), and
 * the frames fed, in every split, to the other side's {@link MessageReader}, which must hand back the same
 * messages, the same pings and pongs, and the close frame, in order.
 */
class MessageRoundTripTest {
    /** Nothing drains the queue below here: no quantum stops the writer. */
    private static final int QUANTUM = Integer.MAX_VALUE;
    private static final PerMessageDeflate.Params DEFLATE = new PerMessageDeflate.Params(false, false, 0);

    /** What the reader reports, as text: "TEXT hello", "BINARY 3 bytes <hash>", "PING ...", "CLOSE ...". */
    static final class Recorder implements MessageReader.Events {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean message(ByteBuffer payload, MessageType type) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(payload.position(), bytes);
            events.add(type == MessageType.TEXT ? "TEXT " + new String(bytes, StandardCharsets.UTF_8)
                    : "BINARY " + bytes.length + " " + java.util.Arrays.hashCode(bytes));
            return true;
        }

        @Override
        public void ping(ByteBuffer payload) {
            events.add("PING " + StandardCharsets.UTF_8.decode(payload.duplicate()));
        }

        @Override
        public void pong(ByteBuffer payload) {
            events.add("PONG " + StandardCharsets.UTF_8.decode(payload.duplicate()));
        }

        @Override
        public void close(ByteBuffer payload) {
            CloseCodes.Close close = CloseCodes.parse(payload);
            events.add("CLOSE " + close.code() + " " + close.reason());
        }
    }

    /** The session's part: encode a packet into the top buffer between begin and end. */
    private static void encode(MessageWriter writer, OutboundBuffer top, Object pkg) {
        Object content = writer.begin(pkg, top);
        if (content instanceof CharSequence text) {
            top.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        } else if (content instanceof byte[] bytes) {
            top.writeBytes(bytes);
        } else {
            top.writeBytes((ByteBuffer) content);
        }
        writer.end(top, true);
    }

    private static byte[] drain(OutboundBuffer buffer) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        buffer.drainTo((chunks, offset, length) -> {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                byte[] b = new byte[chunks[i].remaining()];
                chunks[i].get(b);
                out.writeBytes(b);
                n += b.length;
            }
            return n;
        });
        return out.toByteArray();
    }

    @ParameterizedTest(name = "client {0}, compressed {1}, big message {2} bytes")
    @CsvSource({"true, false, 2000", "false, false, 2000", "true, true, 2000", "false, true, 2000",
            "true, false, 70000", "false, true, 70000"})
    void everyMessageSurvivesEverySplit(boolean client, boolean compressed, int bigSize) throws IOException {
        ChunkPool pool = new ChunkPool(1024, 64); // small chunks: packets span several
        OutboundBuffer top = new OutboundBuffer(pool);
        OutboundBuffer below = new OutboundBuffer(pool);
        MessageWriter writer = new MessageWriter(client);
        writer.start(new WsScratch(), compressed ? DEFLATE : null, -1);
        byte[] big = new byte[bigSize]; // 2,000: a 16-bit length; 70,000: a 64-bit one
        new Random(1).nextBytes(big);
        List<String> expected = new ArrayList<>();

        encode(writer, top, "Hello ✓");
        expected.add("TEXT Hello ✓");
        encode(writer, top, new byte[] {1, 2, 3});
        expected.add("BINARY 3 " + java.util.Arrays.hashCode(new byte[] {1, 2, 3}));
        encode(writer, top, "");
        expected.add("TEXT ");
        encode(writer, top, WebSocketMessage.fragment(MessageType.TEXT, "frag", false));
        writer.write(top, below, QUANTUM); // the first fragment leaves before the ping
        writer.ping(below);
        expected.add("PING ");
        encode(writer, top, WebSocketMessage.fragment(MessageType.TEXT, "", false));
        encode(writer, top, WebSocketMessage.fragment(MessageType.TEXT, "ment ✓", true));
        expected.add("TEXT fragment ✓");
        encode(writer, top, ByteBuffer.wrap(big));
        expected.add("BINARY " + bigSize + " " + java.util.Arrays.hashCode(big));
        encode(writer, top, "é".repeat(300));
        expected.add("TEXT " + "é".repeat(300));
        while (top.size() > 0) {
            writer.write(top, below, QUANTUM);
        }
        writer.pong(below, ByteBuffer.wrap("pong".getBytes(StandardCharsets.UTF_8)));
        expected.add("PONG pong");
        writer.close(below, CloseCodes.payload(4000, "bye"));
        expected.add("CLOSE 4000 bye");
        byte[] wire = drain(below);
        if (!compressed) {
            assertThat(wire.length).as("headers and payloads only").isLessThan(bigSize + 800);
        }

        // Every split of the small stream; of the large one, those near either end and some random chops.
        List<int[]> splits = Splits.of(wire.length, 400, 30);
        if (bigSize > 10_000) {
            List<int[]> some = new ArrayList<>(splits.subList(2, 40)); // two-piece splits near the start
            some.add(splits.get(0));                                     // all at once
            some.addAll(splits.subList(splits.size() - 30, splits.size())); // random chops
            splits = some;
        }
        for (int[] cuts : splits) {
            Recorder recorder = new Recorder();
            MessageReader reader = new MessageReader(recorder, client, compressed ? DEFLATE : null,
                    Long.MAX_VALUE, 1 << 20);
            ByteBuffer left = Splits.feed(wire, cuts, in -> {
                if (recorder.events.isEmpty() || !recorder.events.get(recorder.events.size() - 1).startsWith("CLOSE")) {
                    reader.read(in);
                }
            });
            assertThat(recorder.events).as(Splits.describe(cuts)).isEqualTo(expected);
            assertThat(left.remaining()).isZero();
            reader.release();
        }
        writer.release();
    }

    @ParameterizedTest(name = "compressed {0}")
    @CsvSource({"false", "true"})
    void aMessageAboveTheLimitIsRefusedWith1009(boolean compressed) throws IOException {
        ChunkPool pool = new ChunkPool(4096, 64);
        OutboundBuffer top = new OutboundBuffer(pool);
        OutboundBuffer below = new OutboundBuffer(pool);
        MessageWriter writer = new MessageWriter(true);
        writer.start(new WsScratch(), compressed ? DEFLATE : null, -1);
        encode(writer, top, new byte[1001]); // zeros: a few bytes compressed, 1001 inflated
        while (top.size() > 0) {
            writer.write(top, below, QUANTUM);
        }
        byte[] wire = drain(below);
        MessageReader reader = new MessageReader(new Recorder(), true, compressed ? DEFLATE : null, Long.MAX_VALUE, 1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(wire)))
                .isInstanceOf(WebSocketProtocolException.class)
                .satisfies(e -> assertThat(((WebSocketProtocolException) e).closeCode()).isEqualTo(1009));
        writer.release();
        reader.release();
    }

    /** One message framed by a server's writer: unmasked, so that a client's reader can read the bytes again. */
    private static byte[] wire(PerMessageDeflate.Params deflate, Object pkg) throws IOException {
        ChunkPool pool = new ChunkPool(4096, 64);
        OutboundBuffer top = new OutboundBuffer(pool);
        OutboundBuffer below = new OutboundBuffer(pool);
        MessageWriter writer = new MessageWriter(false);
        writer.start(new WsScratch(), deflate, -1);
        encode(writer, top, pkg);
        while (top.size() > 0) {
            writer.write(top, below, QUANTUM);
        }
        writer.release();
        return drain(below);
    }

    /** Takes messages without copying them. */
    private static final class Counter implements MessageReader.Events {
        int messages;

        @Override
        public boolean message(ByteBuffer payload, MessageType type) {
            messages++;
            return true;
        }

        @Override
        public void ping(ByteBuffer payload) {
        }

        @Override
        public void pong(ByteBuffer payload) {
        }

        @Override
        public void close(ByteBuffer payload) {
        }
    }

    @org.junit.jupiter.api.Test
    void aCompressedMessageOfTheLimitGrowsItsBufferNoFurtherThanTheLimit() throws IOException {
        int max = (128 << 10) + 10; // the buffer doubles from 4 KiB to 128 KiB, then needs 10 bytes more
        PerMessageDeflate.Params resets = new PerMessageDeflate.Params(true, true, 0); // the same bytes each round
        byte[] wire = wire(resets, new byte[max]);
        Counter counter = new Counter();
        MessageReader reader = new MessageReader(counter, false, resets, Long.MAX_VALUE, max);
        ByteBuffer in = ByteBuffer.wrap(wire);
        long allocated = Allocations.bytesAllocatedBy(() -> reader.read(in.clear()));
        // 4 + 8 + ... + 128 KiB, then the limit and one byte; doubling once more would take 256 KiB
        assertThat(allocated).isLessThan(3L * max);
        assertThat(counter.messages).isEqualTo(21);
        reader.release();
    }

    @org.junit.jupiter.api.Test
    void aPlainMessageSplitOverReadsReusesItsBuffer() throws IOException {
        byte[] wire = wire(null, new byte[4000]);
        Counter counter = new Counter();
        MessageReader reader = new MessageReader(counter, false, null, Long.MAX_VALUE, 1 << 20);
        ByteBuffer in = ByteBuffer.wrap(wire);
        Runnable round = () -> {
            reader.read(in.limit(1000).position(0));
            reader.read(in.limit(wire.length));
        };
        assertThat(Allocations.bytesAllocatedBy(round)).isLessThan(1024);
        assertThat(counter.messages).isEqualTo(21);
        reader.release();
    }
}
