package io.getty.ws.internal;

import java.security.SecureRandom;

/**
 * Masking keys for a client's frames. RFC 6455 section 10.3 asks for keys an attacker cannot predict from
 * the keys it has seen, since masking exists to stop script-chosen payloads from reaching intermediaries as
 * bytes of the script's choosing. {@code ThreadLocalRandom} does not qualify: its state advances by a fixed
 * step and one 64-bit output reveals it, so every later key is known. Keys therefore come from the shared
 * {@link SecureRandom}, drawn {@value #KEYS_PER_DRAW} at a time into a small per-connection array, so the
 * cost of a draw (a lock and, with the default provider, reading {@code /dev/urandom}) is paid once every
 * {@value #KEYS_PER_DRAW} frames and nothing is allocated per frame. The array is made on the first key, so
 * a server's writer, which never masks, holds none.
 *
 * <p>Not thread-safe: one instance per connection, used on its event loop.
 */
final class MaskKeys {

    static final int KEYS_PER_DRAW = 32;

    /** Thread-safe, so one instance serves every connection. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private byte[] pool;
    private int next;

    /** The next key, key byte 0 in the most significant byte. */
    int nextKey() {
        byte[] p = pool;
        if (p == null) {
            p = pool = new byte[KEYS_PER_DRAW * 4];
            next = p.length;
        }
        int i = next;
        if (i == p.length) {
            RANDOM.nextBytes(p);
            i = 0;
        }
        next = i + 4;
        return (p[i] & 0xFF) << 24 | (p[i + 1] & 0xFF) << 16 | (p[i + 2] & 0xFF) << 8 | (p[i + 3] & 0xFF);
    }
}
