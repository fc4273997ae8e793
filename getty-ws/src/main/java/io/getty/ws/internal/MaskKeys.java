package io.getty.ws.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masking keys for a client's frames. RFC 6455 section 10.3 asks for keys that cannot be predicted from
 * the keys seen before: masking exists so that a payload chosen by a script cannot reach intermediaries as
 * bytes of the script's choosing.
 *
 * <p>Why not the obvious sources:
 * <ul>
 *   <li>{@code ThreadLocalRandom} is predictable: its state advances by a fixed step and one 64-bit output
 *       reveals it, so every later key is known.</li>
 *   <li>{@link SecureRandom} itself qualifies, but the default ({@code NativePRNG}) takes a global lock,
 *       reads {@code /dev/urandom} and allocates about three times the bytes it returns on every call
 *       (measured: 400 bytes for a 128-byte draw, 1.5 µs), which would put allocation and contention on
 *       every event loop's write path even when drawn in batches.</li>
 * </ul>
 * So each thread that writes client frames (in practice, each event loop) keeps an AES-128 key stream in
 * counter mode, keyed and started from {@link SecureRandom} when the thread first needs a key. Without the
 * AES key, which never leaves the thread, the stream cannot be told from random, let alone predicted:
 * this is the construction of NIST SP 800-90A's CTR_DRBG. Keys are cut from
 * {@value #POOL_BYTES}-byte runs of the stream; producing a run allocates nothing (AES-NI, about 50 ns per
 * 128 bytes), so a frame's key costs neither a lock nor an allocation, and a connection holds no key state.
 */
final class MaskKeys {

    static final int POOL_BYTES = 512;

    /** Counter-mode input: the key stream itself is the output. Only ever read. */
    private static final byte[] ZEROS = new byte[POOL_BYTES];
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<MaskKeys> PER_THREAD = ThreadLocal.withInitial(MaskKeys::new);

    private final Cipher keyStream;
    private final byte[] pool = new byte[POOL_BYTES];
    private int next = POOL_BYTES;

    private MaskKeys() {
        byte[] key = new byte[16];
        byte[] counter = new byte[16];
        SEEDS.nextBytes(key);
        SEEDS.nextBytes(counter);
        try {
            keyStream = Cipher.getInstance("AES/CTR/NoPadding");
            keyStream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is required of every JDK", e);
        }
    }

    /** The next key for a frame written on this thread, key byte 0 in the most significant byte. */
    static int nextKey() {
        return PER_THREAD.get().take();
    }

    private int take() {
        byte[] p = pool;
        int i = next;
        if (i == POOL_BYTES) {
            try {
                keyStream.update(ZEROS, 0, POOL_BYTES, p, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            i = 0;
        }
        next = i + 4;
        return (p[i] & 0xFF) << 24 | (p[i + 1] & 0xFF) << 16 | (p[i + 2] & 0xFF) << 8 | (p[i + 3] & 0xFF);
    }
}
