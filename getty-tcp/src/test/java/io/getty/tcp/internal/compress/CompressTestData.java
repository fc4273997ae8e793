package io.getty.tcp.internal.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Payloads for the compression tests, and the JDK's own raw deflate writer to make streams with. */
final class CompressTestData {
    private static final String[] WORDS = {"getty", "session", "packet", "loop", "deflate", "snappy", "echo",
        "the", "of", "and", "a", "bytes", "socket", "java", "nio", "frame", "stream", "window", "chunk"};

    private CompressTestData() {
    }

    /** Text-like bytes that compress well. */
    static byte[] text(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? ".\n" : " ");
        }
        return sb.substring(0, length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Random bytes, which do not compress. */
    static byte[] noise(int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * What a plain JDK peer writes: raw deflate, each message followed by a sync flush; the stream ended by its
     * final block when {@code finish}.
     */
    static byte[] jdkDeflate(int level, boolean finish, byte[]... messages) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(level, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(wire, deflater, 512, true)) {
            for (byte[] m : messages) {
                out.write(m);
                out.flush();
            }
            if (finish) {
                out.finish();
            } else {
                return wire.toByteArray();
            }
        } finally {
            deflater.end();
        }
        return wire.toByteArray();
    }
}
