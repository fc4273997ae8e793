package io.getty.tcp.internal.tls;

import java.io.ByteArrayOutputStream;

/**
 * Writes the few DER (X.690) elements needed to wrap a PKCS#1 or SEC1 key in a PKCS#8 PrivateKeyInfo:
 * each method returns one complete element (tag, length, content), and {@link #sequence} nests them.
 */
final class DerWriter {
    private DerWriter() {
    }

    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            content.writeBytes(element);
        }
        return element(DerReader.SEQUENCE, content.toByteArray());
    }

    /** A small non-negative INTEGER, such as a version number. */
    static byte[] integer(int value) {
        if (value < 0 || value > 127) {
            throw new IllegalArgumentException("only 0..127 is needed here: " + value);
        }
        return element(DerReader.INTEGER, new byte[] {(byte) value});
    }

    static byte[] octetString(byte[] content) {
        return element(DerReader.OCTET_STRING, content);
    }

    static byte[] nul() {
        return element(DerReader.NULL, new byte[0]);
    }

    /** An OBJECT IDENTIFIER from its dotted form: "1.2.840.113549.1.1.1". */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs: " + dotted);
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        base128(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(content, Long.parseLong(arcs[i]));
        }
        return element(DerReader.OID, content.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long arc) {
        if (arc < 0) {
            throw new IllegalArgumentException("negative OID arc: " + arc);
        }
        int groups = 1;
        while (groups < 10 && (arc >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int bits = (int) ((arc >>> (7 * g)) & 0x7F);
            out.write(g > 0 ? bits | 0x80 : bits);
        }
    }

    private static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
