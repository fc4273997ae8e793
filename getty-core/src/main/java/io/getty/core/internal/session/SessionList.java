package io.getty.core.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sessions of one server or client, in an array where each session knows its own index: joining and
 * leaving cost no node object (this is what most of an idle session's memory is about), and leaving moves the
 * last session into the gap. Changed only when a session starts or ends, so a lock is fine here; the I/O path
 * never touches it.
 */
public final class SessionList {
    private GettySession[] sessions = new GettySession[16];
    private int size;

    public synchronized void add(GettySession session) {
        if (session.listIndex >= 0) {
            return;
        }
        if (size == sessions.length) {
            sessions = Arrays.copyOf(sessions, size * 2);
        }
        session.listIndex = size;
        sessions[size++] = session;
    }

    /** Removes {@code session}; returns whether it was in the list. */
    public synchronized boolean remove(GettySession session) {
        int i = session.listIndex;
        if (i < 0 || i >= size || sessions[i] != session) {
            return false;
        }
        GettySession last = sessions[--size];
        sessions[i] = last;
        last.listIndex = i;
        sessions[size] = null;
        session.listIndex = -1;
        if (sessions.length > 64 && size < sessions.length / 4) {
            sessions = Arrays.copyOf(sessions, sessions.length / 2);
        }
        return true;
    }

    public synchronized List<GettySession> snapshot() {
        List<GettySession> copy = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            copy.add(sessions[i]);
        }
        return copy;
    }

    public synchronized int size() {
        return size;
    }
}
