package io.getty.tcp.internal.tls;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads the few DER (X.690) shapes that PKCS#1, SEC1 and PKCS#8 keys are made of: one element after
 * another within a window of a byte array. Every read checks its tag and bounds; a mismatch is an
 * {@link IOException} that says what was expected.
 */
final class DerReader {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** Context-specific, constructed: [n] EXPLICIT is this plus n. */
    static final int CONTEXT_CONSTRUCTED = 0xA0;

    private final byte[] der;
    private final int end;
    private int pos;

    /** Reads all of {@code der}. */
    DerReader(byte[] der) {
        this(der, 0, der.length);
    }

    private DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.pos = start;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The tag of the next element, without reading it. */
    int peekTag() throws IOException {
        if (pos >= end) {
            throw new IOException("malformed DER: expected another element");
        }
        return der[pos] & 0xFF;
    }

    /** Reads a SEQUENCE and returns a reader over its content. */
    DerReader sequence() throws IOException {
        return constructed(SEQUENCE, "SEQUENCE");
    }

    /** Reads an [n] EXPLICIT element and returns a reader over its content. */
    DerReader explicit(int tagNumber) throws IOException {
        return constructed(CONTEXT_CONSTRUCTED | tagNumber, "[" + tagNumber + "]");
    }

    BigInteger integer() throws IOException {
        int length = header(INTEGER, "INTEGER");
        if (length == 0) {
            throw new IOException("malformed DER: empty INTEGER");
        }
        BigInteger value = new BigInteger(der, pos, length);
        pos += length;
        return value;
    }

    byte[] octetString() throws IOException {
        int length = header(OCTET_STRING, "OCTET STRING");
        byte[] value = java.util.Arrays.copyOfRange(der, pos, pos + length);
        pos += length;
        return value;
    }

    /** Reads an OBJECT IDENTIFIER in dotted form: "1.2.840.10045.3.1.7". */
    String oid() throws IOException {
        int length = header(OID, "OBJECT IDENTIFIER");
        if (length == 0 || (der[pos + length - 1] & 0x80) != 0) {
            throw new IOException("malformed DER: truncated OBJECT IDENTIFIER");
        }
        StringBuilder dotted = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = pos; i < pos + length; i++) {
            if (arc > (Long.MAX_VALUE >>> 7)) {
                throw new IOException("malformed DER: OBJECT IDENTIFIER arc too large");
            }
            arc = (arc << 7) | (der[i] & 0x7F);
            if ((der[i] & 0x80) == 0) {
                if (first) {
                    int top = (int) Math.min(arc / 40, 2);
                    dotted.append(top).append('.').append(arc - 40L * top);
                    first = false;
                } else {
                    dotted.append('.').append(arc);
                }
                arc = 0;
            }
        }
        pos += length;
        return dotted.toString();
    }

    /** Skips the next element, whatever it is. */
    void skip() throws IOException {
        int length = header(peekTag(), "any");
        pos += length;
    }

    private DerReader constructed(int tag, String name) throws IOException {
        int length = header(tag, name);
        DerReader content = new DerReader(der, pos, pos + length);
        pos += length;
        return content;
    }

    /** Reads a tag and a definite length, leaving {@code pos} at the content; returns the length. */
    private int header(int tag, String name) throws IOException {
        int actual = peekTag();
        if (actual != tag) {
            throw new IOException(String.format("malformed DER: expected %s, found tag 0x%02X", name, actual));
        }
        pos++;
        if (pos >= end) {
            throw new IOException("malformed DER: " + name + " has no length");
        }
        int first = der[pos++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7F;
            if (count == 0 || count > 4) {
                throw new IOException("malformed DER: unsupported length encoding in " + name);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                if (pos >= end) {
                    throw new IOException("malformed DER: truncated length of " + name);
                }
                length = (length << 8) | (der[pos++] & 0xFF);
            }
        }
        if (length > end - pos) {
            throw new IOException("malformed DER: " + name + " of " + length + " bytes overruns its container ("
                    + (end - pos) + " bytes left)");
        }
        return (int) length;
    }
}
