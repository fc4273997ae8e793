package io.getty.ws;

import io.getty.core.EventListener;
import io.getty.core.Session;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Echo servers and listeners the WebSocket tests share. */
final class WsTestSupport {
    private WsTestSupport() {
    }

    /** Echoes each message with its type (text as text, binary as binary). */
    static final EventListener<Object> ECHO = (session, pkg) -> session.sendPkg(pkg);

    /** An echo server at {@code /echo} on a free port, with one loop. */
    static WsServer.Builder echoServer() {
        return WsServer.builder().bind("127.0.0.1", 0).threads(1).path("/echo")
                .onNewSession(s -> s.codec(WebSocketCodecs.textAndBinary(), ECHO));
    }

    static URI uri(WsServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** A listener that records what happens to its sessions. */
    static class Recorder implements EventListener<Object> {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<Session> closed = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final boolean echo;

        Recorder(boolean echo) {
            this.echo = echo;
        }

        @Override
        public void onOpen(Session session) {
            opened.add(session);
        }

        @Override
        public void onMessage(Session session, Object pkg) {
            if (pkg instanceof ByteBuffer b) {
                byte[] copy = new byte[b.remaining()];
                b.get(b.position(), copy);
                messages.add(copy);
            } else {
                messages.add(pkg);
            }
            if (echo) {
                session.sendPkg(pkg);
            }
        }

        @Override
        public void onError(Session session, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void onClose(Session session) {
            closed.add(session);
        }
    }
}
