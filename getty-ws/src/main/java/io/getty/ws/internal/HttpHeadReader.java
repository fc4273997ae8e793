package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects an HTTP/1.1 message head (start line and field lines, RFC 9112 section 2.1) from bytes that
 * arrive in any split, up to and including the empty line that ends it, and not one byte further: what
 * follows (a first WebSocket frame may share the segment) stays in the input for the caller. Then splits
 * it into lines and reads field lines, shared by {@link UpgradeRequestParser} and
 * {@link UpgradeResponseParser}.
 *
 * <p>Lines end in CRLF only: a bare CR or LF is refused rather than tolerated (RFC 9112 section 2.2 allows
 * either), since a WebSocket peer has no reason to send one and lenient line endings are how request
 * smuggling starts. Obsolete line folding is refused too (section 5.2).
 */
final class HttpHeadReader {

    private static final int INITIAL_CAPACITY = 256;

    private final int maxHeadSize;
    private final int badStatus;
    private final int tooLargeStatus;
    private byte[] head;
    private int length;
    /** How many bytes of CR LF CR LF the head ends with so far. */
    private int matched;
    private boolean complete;

    /**
     * @param maxHeadSize    the most bytes a head may take, the final empty line included
     * @param badStatus      the status of the {@link WebSocketHandshakeException} for a malformed head
     * @param tooLargeStatus the status of the {@link WebSocketHandshakeException} for a head above {@code maxHeadSize}
     */
    HttpHeadReader(int maxHeadSize, int badStatus, int tooLargeStatus) {
        if (maxHeadSize < 4) {
            throw new IllegalArgumentException("maxHeadSize < 4: " + maxHeadSize);
        }
        this.maxHeadSize = maxHeadSize;
        this.badStatus = badStatus;
        this.tooLargeStatus = tooLargeStatus;
    }

    /**
     * Takes bytes from {@code in} up to the end of the head, advancing its position past them.
     *
     * @return {@code true} once the whole head has been read
     * @throws WebSocketHandshakeException when the head grows past the max head size
     */
    boolean read(ByteBuffer in) {
        if (complete) {
            throw new IllegalStateException("the head is already complete");
        }
        while (in.hasRemaining()) {
            if (length == maxHeadSize) {
                throw new WebSocketHandshakeException(tooLargeStatus, "head larger than " + maxHeadSize + " bytes");
            }
            byte b = in.get();
            boolean afterCr = matched == 1 || matched == 3;
            if (b == '\n') {
                if (!afterCr) {
                    throw bad("bare LF in the head");
                }
            } else if (afterCr) {
                throw bad("bare CR in the head");
            }
            append(b);
            if (b == '\r' || b == '\n') {
                if (++matched == 4) {
                    complete = true;
                    return true;
                }
            } else {
                matched = 0;
            }
        }
        return false;
    }

    /** The head's lines without their CRLF and without the final empty line, as ISO-8859-1 text. */
    List<String> lines() {
        if (!complete) {
            throw new IllegalStateException("the head is not complete");
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        int end = length - 2; // the final empty line's CRLF
        for (int i = 0; i < end; i++) {
            if (head[i] == '\r') { // always followed by LF: read() refused anything else
                lines.add(new String(head, start, i - start, StandardCharsets.ISO_8859_1));
                i++;
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * Reads field lines {@code lines[from..]} (RFC 9112 section 5): a token name, a colon with no space
     * before it, and a value without control characters other than HTAB, trimmed of spaces and tabs.
     */
    HttpHeaders fields(List<String> lines, int from) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw bad("folded or empty field line");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw bad("field line without a name and a colon");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw bad("field name is not a token");
            }
            String value = trimOws(line.substring(colon + 1));
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
                    throw bad("control character in a field value");
                }
            }
            headers.add(name, value);
        }
        return headers;
    }

    /** {@code s} without leading and trailing spaces and tabs (RFC 9110 section 5.6.3, OWS). */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    WebSocketHandshakeException bad(String message) {
        return new WebSocketHandshakeException(badStatus, message);
    }

    /** Whether {@code s} is a non-empty RFC 9110 token (section 5.6.2). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isTokenChar(char c) {
        if (c <= 0x20 || c >= 0x7F) {
            return false;
        }
        return "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private void append(byte b) {
        if (head == null) {
            head = new byte[Math.min(INITIAL_CAPACITY, maxHeadSize)];
        } else if (length == head.length) {
            head = Arrays.copyOf(head, (int) Math.min((long) head.length * 2, maxHeadSize));
        }
        head[length++] = b;
    }
}
