package io.getty.examples;

import io.getty.core.EventListener;
import io.getty.core.Session;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An echo server's own code: every message goes back to the session it came from. Stateless, so one
 * instance serves every session.
 */
final class EchoListener implements EventListener<ByteBuffer> {
    private static final Logger log = LoggerFactory.getLogger(EchoListener.class);

    @Override
    public void onMessage(Session session, ByteBuffer message) {
        // The message is valid only until this method returns. Here, on the session's event loop, sendPkg
        // copies it into the session's output before returning, so the echo needs no copy of its own. If
        // the peer sends far more than it reads back, the session fails with WriteBufferFullException.
        session.sendPkg(message);
    }

    @Override
    public void onWritabilityChanged(Session session, boolean writable) {
        // A peer that does not read its echoes should not make us buffer them: stop reading its requests
        // until it has caught up.
        if (writable) {
            session.resumeReading();
        } else {
            session.pauseReading();
        }
    }

    @Override
    public void onError(Session session, Throwable cause) {
        log.warn("{} failed: {}", session, cause.toString()); // onClose follows; other sessions go on
    }
}
