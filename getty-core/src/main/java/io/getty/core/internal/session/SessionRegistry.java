package io.getty.core.internal.session;

import io.getty.core.Session;
import io.getty.core.internal.loop.LoopGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live sessions of an end point (a server, a client, a UDP endpoint), from creation until their last
 * callback has run; it tells its end point when the last one is gone after {@link #closeAll()}. Subclasses
 * hear of each session's opening, refusal and end.
 */
public class SessionRegistry implements SessionOwner {
    private final SessionList sessions = new SessionList();
    private final AtomicInteger live = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closing;
    /** The last config a session was set up with: the next ones set up alike share it. */
    private volatile SessionConfig lastConfig;

    /**
     * Counts a session about to be created, unless {@code limit} are live already or the registry is
     * closing; returns whether it may be created.
     */
    public boolean reserve(int limit) {
        while (true) {
            int n = live.get();
            if (n >= limit || closing) {
                return false;
            }
            if (live.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reservation whose session was never created. */
    public void release() {
        if (live.decrementAndGet() == 0 && closing) {
            drained.complete(null);
        }
    }

    /** Adds a created session; if the registry is closing, the session is closed at once. */
    public void add(GettySession session) {
        sessions.add(session);
        if (closing) {
            session.close();
        }
    }

    @Override
    public SessionConfig intern(SessionConfig config) {
        SessionConfig last = lastConfig;
        if (config.sameAs(last)) {
            return last;
        }
        lastConfig = config;
        return config;
    }

    @Override
    public void sessionOpened(GettySession session) {
    }

    @Override
    public void sessionRefused(GettySession session, Throwable cause) {
    }

    @Override
    public void sessionFinished(GettySession session) {
        if (sessions.remove(session)) {
            release();
        }
    }

    /** Closes every session gracefully; {@link #drained()} completes when the last one has finished. */
    public void closeAll() {
        closing = true;
        for (GettySession session : sessions.snapshot()) {
            session.close();
        }
        if (live.get() == 0) {
            drained.complete(null);
        }
    }

    /**
     * Closes every session gracefully and, once the last has finished, shuts {@code ownedGroup} down (if the
     * end point created its own); completes {@code done} when all of that is over.
     */
    public void closeAll(LoopGroup ownedGroup, CompletableFuture<Void> done) {
        closeAll();
        drained.whenComplete((ignored, error) -> {
            if (ownedGroup == null) {
                done.complete(null);
            } else {
                ownedGroup.close();
                ownedGroup.closeFuture().whenComplete((stopped, failure) -> done.complete(null));
            }
        });
    }

    public CompletableFuture<Void> drained() {
        return drained;
    }

    /** The open sessions: set up, {@code onOpen} returned, not closing. */
    public Collection<Session> openSessions() {
        List<Session> open = new ArrayList<>();
        for (GettySession session : sessions.snapshot()) {
            if (session.isOpen()) {
                open.add(session);
            }
        }
        return open;
    }

    public int size() {
        return live.get();
    }
}
