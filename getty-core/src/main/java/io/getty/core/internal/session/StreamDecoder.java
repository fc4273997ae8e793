package io.getty.core.internal.session;

import io.getty.core.DecodeException;
import io.getty.core.FrameTooLongException;
import io.getty.core.PkgReader;
import java.nio.ByteBuffer;

/**
 * Decodes a byte stream (TCP, or what TLS and decompression pass up): the session's {@link PkgReader} is
 * called until it returns {@code null}, each packet is delivered, and the unread tail is left for the level
 * below to keep and pass again with the next bytes.
 */
final class StreamDecoder {
    /** Bytes buffered beyond the max message length before a reader that never returns a packet is cut off. */
    static final int HEADROOM = 64 * 1024;

    private StreamDecoder() {
    }

    /** Returns false when the session stopped reading. Loop thread. */
    static boolean decode(SessionReads session, ByteBuffer in) {
        PkgReader<Object> reader = session.config.reader;
        int first = in.position();
        while (in.hasRemaining()) {
            if (!session.delivering()) {
                break;
            }
            int start = in.position();
            Object pkg;
            try {
                pkg = reader.read(session, in);
            } catch (DecodeException e) {
                session.fail(e);
                return false;
            } catch (Throwable t) {
                session.fail(new DecodeException("the reader of " + session + " threw", t));
                return false;
            }
            if (pkg == null) {
                in.position(start);
                break;
            }
            if (in.position() <= start) {
                session.fail(new DecodeException("the reader of " + session + " returned a packet but consumed no bytes"));
                return false;
            }
            session.deliver(pkg);
        }
        session.countRead(in.position() - first);
        if (!session.delivering()) {
            in.position(in.limit()); // closing: the rest of the stream is not delivered
            return session.lifecycle() == SessionCore.CLOSING;
        }
        int left = in.remaining();
        int max = session.maxMessageLength();
        if (left > (long) max + HEADROOM) {
            session.fail(new FrameTooLongException(left, max));
            return false;
        }
        return !session.pauseIfCallbacksBehind();
    }
}
