package io.getty.core.internal.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of one server or client, linked through the sessions themselves: joining costs no node
 * object (this is what most of an idle session's memory is about). Changed only when a session starts or
 * ends, so a lock is fine here; the I/O path never touches it.
 */
public final class SessionList {
    private AbstractSession head;
    private int size;

    public synchronized void add(AbstractSession session) {
        if (session.inList) {
            return;
        }
        session.inList = true;
        session.listNext = head;
        if (head != null) {
            head.listPrev = session;
        }
        head = session;
        size++;
    }

    /** Removes {@code session}; returns whether it was in the list. */
    public synchronized boolean remove(AbstractSession session) {
        if (!session.inList) {
            return false;
        }
        AbstractSession prev = session.listPrev;
        AbstractSession next = session.listNext;
        if (prev == null) {
            head = next;
        } else {
            prev.listNext = next;
        }
        if (next != null) {
            next.listPrev = prev;
        }
        session.listPrev = null;
        session.listNext = null;
        session.inList = false;
        size--;
        return true;
    }

    public synchronized List<AbstractSession> snapshot() {
        List<AbstractSession> copy = new ArrayList<>(size);
        for (AbstractSession s = head; s != null; s = s.listNext) {
            copy.add(s);
        }
        return copy;
    }

    public synchronized int size() {
        return size;
    }
}
