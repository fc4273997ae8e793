package io.getty.core.internal.session;

import io.getty.core.EventListener;
import io.getty.core.PkgReader;
import io.getty.core.PkgWriter;
import io.getty.core.SessionOptions;

/**
 * What a session was set up with: its owner, options, codec, listener and dispatch. Immutable, and shared by
 * every session set up alike (the owner interns it), so that an idle session holds one reference for all of
 * it. A session with a worker executor has a config of its own, since its dispatch is its own.
 */
public final class SessionConfig {
    final SessionOwner owner;
    final SessionOptions options;
    final PkgReader<Object> reader;
    final PkgWriter<Object> writer;
    final EventListener<Object> listener;
    final Dispatch dispatch;

    SessionConfig(SessionOwner owner, SessionOptions options, PkgReader<Object> reader, PkgWriter<Object> writer,
                  EventListener<Object> listener, Dispatch dispatch) {
        this.owner = owner;
        this.options = options;
        this.reader = reader;
        this.writer = writer;
        this.listener = listener;
        this.dispatch = dispatch;
    }

    SessionConfig withOptions(SessionOptions o) {
        return new SessionConfig(owner, o, reader, writer, listener, dispatch);
    }

    SessionConfig withReader(PkgReader<Object> r) {
        return new SessionConfig(owner, options, r, writer, listener, dispatch);
    }

    SessionConfig withWriter(PkgWriter<Object> w) {
        return new SessionConfig(owner, options, reader, w, listener, dispatch);
    }

    SessionConfig withListener(EventListener<Object> l) {
        return new SessionConfig(owner, options, reader, writer, l, dispatch);
    }

    SessionConfig withDispatch(Dispatch d) {
        return new SessionConfig(owner, options, reader, writer, listener, d);
    }

    /** Whether {@code other} holds the very same parts, so that one can stand for the other. */
    public boolean sameAs(SessionConfig other) {
        return other != null && owner == other.owner && options == other.options && reader == other.reader
                && writer == other.writer && listener == other.listener && dispatch == other.dispatch;
    }
}
