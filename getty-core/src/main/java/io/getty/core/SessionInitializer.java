package io.getty.core;

/**
 * Sets up each new session before it opens, as Getty's {@code NewSessionCallback}: its codec, its
 * listener and any per-session option. Runs on the session's event loop; keep it quick. Throwing refuses
 * the session: its connection is closed and no callback of its listener is called.
 */
@FunctionalInterface
public interface SessionInitializer {

    void initialize(SessionSetup session) throws Exception;
}
