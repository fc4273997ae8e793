package io.getty.ws;

import io.getty.core.ByteOutput;
import io.getty.core.PkgHandler;
import io.getty.core.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Ready codecs for WebSocket sessions. A WebSocket session's reader gets one whole message per call, and each
 * packet written leaves as one message: a {@link CharSequence} as text, anything else as binary (or as a
 * {@link WebSocketMessage} says). Each codec here is stateless: one instance serves every session.
 *
 * <ul>
 *   <li>{@link #text()}: messages in and out as strings.</li>
 *   <li>{@link #binary()}: messages in as bytes (a view: zero copy), out from a {@link ByteBuffer} or a
 *       {@code byte[]}.</li>
 *   <li>{@link #textAndBinary()}: a text message in as a {@link String}, a binary one as bytes; out as their
 *       type says. An echo that sends back what it reads keeps each message's type.</li>
 * </ul>
 *
 * <p>Inbound bytes are views of the session's input, with the lifetime {@link Session#view} gives them: valid
 * until {@code onMessage} returns when callbacks run on the loop (copy them to keep them), for as long as they
 * are referenced with a worker executor.
 */
public final class WebSocketCodecs {
    private static final PkgHandler<String, CharSequence> TEXT = new PkgHandler<>() {
        @Override
        public String read(Session session, ByteBuffer in) {
            return readString(in);
        }

        @Override
        public void write(Session session, CharSequence pkg, ByteOutput out) {
            writeUtf8(pkg, out);
        }

        @Override
        public String toString() {
            return "WebSocketCodecs.text()";
        }
    };

    private static final PkgHandler<ByteBuffer, Object> BINARY = new PkgHandler<>() {
        @Override
        public ByteBuffer read(Session session, ByteBuffer in) {
            return readBytes(session, in);
        }

        @Override
        public void write(Session session, Object pkg, ByteOutput out) {
            writeBytes(pkg, out);
        }

        @Override
        public String toString() {
            return "WebSocketCodecs.binary()";
        }
    };

    private static final PkgHandler<Object, Object> TEXT_AND_BINARY = new PkgHandler<>() {
        @Override
        public Object read(Session session, ByteBuffer in) {
            return WebSocket.messageType(session) == MessageType.TEXT ? readString(in) : readBytes(session, in);
        }

        @Override
        public void write(Session session, Object pkg, ByteOutput out) {
            if (pkg instanceof CharSequence text) {
                writeUtf8(text, out);
            } else {
                writeBytes(pkg, out);
            }
        }

        @Override
        public String toString() {
            return "WebSocketCodecs.textAndBinary()";
        }
    };

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private WebSocketCodecs() {
    }

    /**
     * Messages as strings: any message is read as UTF-8 text (text messages are checked as UTF-8 on the way in;
     * a binary message's malformed bytes are replaced with U+FFFD), and a {@link CharSequence} is written as a
     * text message in UTF-8 (an unpaired surrogate as {@code '?'}).
     */
    public static PkgHandler<String, CharSequence> text() {
        return TEXT;
    }

    /**
     * Messages as bytes: any message is read as a view of its bytes, and a {@link ByteBuffer} (the bytes between
     * its position and limit, which stays put) or a {@code byte[]} is written as a binary message.
     */
    public static PkgHandler<ByteBuffer, Object> binary() {
        return BINARY;
    }

    /**
     * Messages as their type says: a text message is read as a {@link String} and a binary one as a
     * {@link ByteBuffer} view; a {@link CharSequence} is written as text, a {@link ByteBuffer} or
     * {@code byte[]} as binary.
     */
    public static PkgHandler<Object, Object> textAndBinary() {
        return TEXT_AND_BINARY;
    }

    private static String readString(ByteBuffer in) {
        int n = in.remaining();
        String text;
        if (in.hasArray()) {
            text = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = n <= 64 * 1024 ? scratch(n) : new byte[n];
            in.get(in.position(), bytes, 0, n);
            text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
        in.position(in.limit());
        return text;
    }

    private static ByteBuffer readBytes(Session session, ByteBuffer in) {
        ByteBuffer view = session.view(in, in.position(), in.remaining());
        in.position(in.limit());
        return view;
    }

    private static void writeBytes(Object pkg, ByteOutput out) {
        if (pkg instanceof ByteBuffer bytes) {
            out.writeBytes(bytes);
        } else if (pkg instanceof byte[] bytes) {
            out.writeBytes(bytes);
        } else {
            throw new IllegalArgumentException("a binary message is a ByteBuffer or a byte[], not a "
                    + (pkg == null ? "null" : pkg.getClass().getName()));
        }
    }

    private static byte[] scratch(int n) {
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[Math.max(n, 2 * b.length)];
            SCRATCH.set(b);
        }
        return b;
    }

    /** Encodes {@code text} as UTF-8 into {@code out} through a per-thread buffer, allocating nothing. */
    static void writeUtf8(CharSequence text, ByteOutput out) {
        byte[] buf = SCRATCH.get();
        int limit = buf.length - 4;
        int n = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (n > limit) {
                out.writeBytes(buf, 0, n);
                n = 0;
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                buf[n++] = (byte) c;
            } else if (c < 0x800) {
                buf[n++] = (byte) (0xC0 | c >> 6);
                buf[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                int cp = -1;
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, text.charAt(++i));
                }
                if (cp < 0) {
                    buf[n++] = '?';
                } else {
                    buf[n++] = (byte) (0xF0 | cp >> 18);
                    buf[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[n++] = (byte) (0x80 | cp & 0x3F);
                }
            } else {
                buf[n++] = (byte) (0xE0 | c >> 12);
                buf[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        out.writeBytes(buf, 0, n);
    }
}
