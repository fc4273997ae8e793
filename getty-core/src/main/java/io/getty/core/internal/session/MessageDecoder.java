package io.getty.core.internal.session;

import io.getty.core.DecodeException;
import io.getty.core.FrameTooLongException;
import io.getty.core.PkgReader;
import java.nio.ByteBuffer;

/**
 * Decodes units that keep their boundaries (a datagram, a WebSocket message): one reader call per unit, which
 * must use the whole unit, and no cumulation. The unit's metadata (a datagram's sender) travels beside the
 * packet into what the listener receives, never through the bytes.
 */
final class MessageDecoder {
    private MessageDecoder() {
    }

    /** Returns false when the session stopped reading. Loop thread. */
    static boolean decode(SessionReads session, ByteBuffer unit, Object meta) {
        if (!session.delivering()) {
            return session.lifecycle() == SessionCore.CLOSING;
        }
        int length = unit.remaining();
        int max = session.maxMessageLength();
        if (length > max) {
            return unitFailed(session, new FrameTooLongException(length, max));
        }
        PkgReader<Object> reader = session.config.reader;
        Object pkg;
        try {
            pkg = reader.read(session, unit);
        } catch (DecodeException e) {
            return unitFailed(session, e);
        } catch (Throwable t) {
            return unitFailed(session, new DecodeException("the reader of " + session + " threw", t));
        }
        if (pkg == null || unit.hasRemaining()) {
            return unitFailed(session, new DecodeException("the reader of " + session + " did not use the whole "
                    + length + "-byte unit (" + unit.remaining() + " bytes left" + (pkg == null ? ", no packet)" : ")")));
        }
        session.countRead(length);
        session.deliver(session.io.inbound(pkg, meta));
        return !session.pauseIfCallbacksBehind();
    }

    /** Reports {@code cause} for one unit, or fails the session; returns whether reading goes on. */
    static boolean unitFailed(SessionReads session, Throwable cause) {
        if (session.io.unitErrorsAreLocal()) {
            session.reportError(cause);
            return true;
        }
        session.fail(cause);
        return false;
    }
}
