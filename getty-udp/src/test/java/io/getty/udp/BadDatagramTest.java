package io.getty.udp;

import static io.getty.udp.UdpTestSupport.CODEC;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.endpoint;
import static io.getty.udp.UdpTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.ByteOutput;
import io.getty.core.DecodeException;
import io.getty.core.EventListener;
import io.getty.core.FrameTooLongException;
import io.getty.core.PkgHandler;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.udp.UdpTestSupport.DatagramRecorder;
import io.getty.udp.UdpTestSupport.Peer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad datagrams: each one gets {@code onError} for itself, and the endpoint goes on serving its other peers
 * (a survivor's echo works before and after each, and the session never closes).
 */
@Timeout(60)
class BadDatagramTest {

    private static void survivorStillServed(Peer survivor, UdpEndpoint endpoint, String tag) throws Exception {
        assertThat(survivor.echo("survivor " + tag, endpoint.port())).isEqualTo("survivor " + tag);
    }

    @Test
    void aDatagramLongerThanTheMaxDatagramSizeIsReportedAlone() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = endpoint().maxDatagramSize(1024).onNewSession(s -> s.codec(CODEC).listener(recorder))
                .start();
        try (Peer survivor = new Peer(); Peer bad = new Peer()) {
            survivorStillServed(survivor, endpoint, "before");
            for (int length : new int[] {1025, 2000, 60_000}) {
                bad.send(new byte[length], endpoint.port());
                // The kernel truncates the datagram to the receive limit, one byte past the max: what shows is
                // that it was longer, which is all that matters.
                assertThat(recorder.nextError()).isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                    assertThat(e.length()).isEqualTo(1025);
                    assertThat(e.maxLength()).isEqualTo(1024);
                });
                survivorStillServed(survivor, endpoint, "after " + length);
            }
            bad.send(new byte[1024], endpoint.port()); // exactly the max is fine
            assertThat(bad.receive()).hasSize(1024);
        } finally {
            closeAll(endpoint);
        }
        assertThat(recorder.events).containsExactly("open", "error:FrameTooLongException",
                "error:FrameTooLongException", "error:FrameTooLongException", "close");
    }

    @Test
    void aReplyLongerThanTheMaxDatagramSizeFailsThatWriteAlone() throws Exception {
        BlockingQueue<io.getty.core.WriteFuture> writes = new LinkedBlockingQueue<>();
        UdpEndpoint endpoint = endpoint().maxDatagramSize(1024).onNewSession(s -> s.codec(CODEC).listener(
                (Session session, Datagram<ByteBuffer> d) -> {
                    // "big" asks for a reply one byte over the max; anything else is echoed.
                    boolean big = StandardCharsets.UTF_8.decode(d.content().duplicate()).toString().equals("big");
                    ByteBuffer reply = big ? ByteBuffer.allocate(1025) : d.content();
                    writes.add(session.writePkg(Datagram.of(reply, d.peer())));
                })).start();
        try (Peer peer = new Peer()) {
            peer.send("big".getBytes(StandardCharsets.UTF_8), endpoint.port());
            io.getty.core.WriteFuture refused = writes.poll(10, TimeUnit.SECONDS);
            assertThat(refused.toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(io.getty.core.EncodeException.class)
                    .satisfies(e -> assertThat(e.getCause()).hasStackTraceContaining(
                            "longer than the max datagram size of 1024"));
            assertThat(peer.echo("still served", endpoint.port())).isEqualTo("still served");
            assertThat(endpoint.openFuture().getNow(null).isClosed()).isFalse();
        } finally {
            closeAll(endpoint);
        }
    }

    @Test
    void aDatagramLongerThanTheMaxMessageLengthIsReportedAlone() throws Exception {
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = endpoint().maxMessageLength(512).onNewSession(s -> s.codec(CODEC).listener(recorder))
                .start();
        try (Peer survivor = new Peer(); Peer bad = new Peer()) {
            bad.send(new byte[800], endpoint.port());
            assertThat(recorder.nextError()).isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                assertThat(e.length()).isEqualTo(800);
                assertThat(e.maxLength()).isEqualTo(512);
            });
            survivorStillServed(survivor, endpoint, "after");
            assertThat(endpoint.sessions()).hasSize(1);
        } finally {
            closeAll(endpoint);
        }
    }

    /** Length-field frames over UDP: each datagram must hold exactly one whole frame. */
    private static UdpEndpoint frameEndpoint(BlockingQueue<Throwable> errors, BlockingQueue<String> frames) {
        LengthFieldCodec frames4 = new LengthFieldCodec();
        EventListener<Datagram<ByteBuffer>> listener = new EventListener<>() {
            @Override
            public void onMessage(Session s, Datagram<ByteBuffer> d) {
                frames.add(UdpTestSupport.string(d.content()));
                s.sendPkg(d);
            }

            @Override
            public void onError(Session s, Throwable cause) {
                errors.add(cause);
            }
        };
        return endpoint().onNewSession(s -> s.codec(frames4).listener(listener)).start();
    }

    private static byte[] frame(int header, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + p.length).putInt(header).put(p).array();
    }

    @Test
    void aTruncatedDatagramAndOneWithBytesLeftOverAreReportedAlone() throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        UdpEndpoint endpoint = frameEndpoint(errors, frames);
        try (Peer survivor = new Peer(); Peer bad = new Peer()) {
            survivor.send(frame(2, "ok"), endpoint.port());
            assertThat(survivor.receive()).isEqualTo(frame(2, "ok"));

            bad.send(frame(100, "only a part of the frame"), endpoint.port()); // truncated: the reader wants more
            Throwable truncated = errors.poll(10, TimeUnit.SECONDS);
            assertThat(truncated).isInstanceOf(DecodeException.class).hasMessageContaining("no packet");

            bad.send(frame(3, "abc and more"), endpoint.port()); // a whole frame with bytes after it
            Throwable leftOver = errors.poll(10, TimeUnit.SECONDS);
            assertThat(leftOver).isInstanceOf(DecodeException.class).hasMessageContaining("did not use the whole");

            survivor.send(frame(5, "still"), endpoint.port());
            assertThat(survivor.receive()).isEqualTo(frame(5, "still"));
            bad.send(frame(4, "good"), endpoint.port());
            assertThat(bad.receive()).isEqualTo(frame(4, "good"));
            assertThat(frames).containsExactly("ok", "still", "good");
            assertThat(errors).isEmpty();
        } finally {
            closeAll(endpoint);
        }
    }

    /** Strict UTF-8 text, one string per datagram: a datagram that is not UTF-8 cannot be decoded. */
    private static final class StrictText implements PkgHandler<String, String> {
        @Override
        public String read(Session session, ByteBuffer in) {
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(in);
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw new DecodeException("not UTF-8", e);
            }
        }

        @Override
        public void write(Session session, String pkg, ByteOutput out) {
            out.writeBytes(pkg.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDatagramTheReaderCannotDecodeIsReportedAlone() throws Exception {
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        EventListener<Datagram<String>> echo = new EventListener<>() {
            @Override
            public void onMessage(Session s, Datagram<String> d) {
                s.sendPkg(Datagram.of(d.content().toUpperCase(java.util.Locale.ROOT), d.peer()));
            }

            @Override
            public void onError(Session s, Throwable cause) {
                errors.add(cause);
            }
        };
        UdpEndpoint endpoint = endpoint().onNewSession(s -> s.codec(new StrictText()).listener(echo)).start();
        try (Peer survivor = new Peer(); Peer bad = new Peer()) {
            get(endpoint.openFuture());
            bad.send(new byte[] {(byte) 0xC3, 0x28}, endpoint.port()); // an invalid two-byte sequence
            assertThat(errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(DecodeException.class).hasMessage("not UTF-8");
            assertThat(survivor.echo("still here", endpoint.port())).isEqualTo("STILL HERE");
            assertThat(bad.echo("me too", endpoint.port())).isEqualTo("ME TOO");
            assertThat(errors).isEmpty();
        } finally {
            closeAll(endpoint);
        }
    }
}
