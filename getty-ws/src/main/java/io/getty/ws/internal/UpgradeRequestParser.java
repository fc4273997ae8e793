package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the head of a client's opening handshake, an HTTP/1.1 request (RFC 9112 section 3), from bytes
 * that arrive in any split. It stops right after the empty line that ends the head, so bytes after it (a
 * client may send its first frame in the same segment) stay in the input for the caller.
 *
 * <pre>
 *   bytes:   | GET /chat HTTP/1.1 \r\n Host: a \r\n ... \r\n \r\n | 81 85 ... |
 *   result:  [ HttpRequestHead ]                                   ^ input position on return
 * </pre>
 *
 * Only the form of the request is checked here (request line, field lines, the size of the head); what
 * makes it a WebSocket handshake is {@link ServerHandshake}'s job. Failures are a
 * {@link WebSocketHandshakeException} with the status to answer: 400 for a malformed head, 431 (Request Header
 * Fields Too Large, RFC 6585 section 5) for a head above the max size. One parser reads one request.
 */
public final class UpgradeRequestParser {

    /** A max head size that fits browsers' handshakes with a few cookies. */
    public static final int DEFAULT_MAX_HEAD_SIZE = 8192;

    private final HttpHeadReader reader;

    /** @param maxHeadSize the most bytes the head may take, request line and final empty line included */
    public UpgradeRequestParser(int maxHeadSize) {
        this.reader = new HttpHeadReader(maxHeadSize, 400, 431);
    }

    /**
     * Reads from {@code in}'s position on.
     *
     * @return the request once its head is complete, with {@code in}'s position right after the head;
     *     {@code null} when more bytes are needed (every byte given has been taken)
     * @throws WebSocketHandshakeException 400 for a malformed head, 431 for one too large
     */
    public HttpRequestHead parse(ByteBuffer in) {
        if (!reader.read(in)) {
            return null;
        }
        List<String> lines = reader.lines();
        int first = 0;
        // RFC 9112 section 2.2: a server SHOULD ignore empty lines received before the request line.
        while (first < lines.size() && lines.get(first).isEmpty()) {
            first++;
        }
        if (first == lines.size()) {
            throw reader.bad("no request line");
        }
        String[] parts = lines.get(first).split(" ", -1);
        if (parts.length != 3) {
            throw reader.bad("request line is not method, target and version separated by single spaces");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (!HttpHeadReader.isToken(method)) {
            throw reader.bad("method is not a token");
        }
        if (!isHttpVersion(version)) {
            throw reader.bad("malformed HTTP version");
        }
        String pathAndQuery = pathAndQuery(target);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        return new HttpRequestHead(method, target, path, query, version, reader.fields(lines, first + 1));
    }

    /**
     * The origin form of {@code target} (RFC 9112 section 3.2): the target itself when it starts with
     * {@code /}; the part after the authority of an absolute form ({@code http://host/chat}, which servers
     * must accept, section 3.2.2). Other forms, spaces, control characters and fragments are refused.
     */
    private String pathAndQuery(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#') {
                throw reader.bad("request target holds a character it may not");
            }
        }
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0 && isScheme(target.substring(0, scheme))) {
            int slash = target.indexOf('/', scheme + 3);
            int question = target.indexOf('?', scheme + 3);
            if (slash < 0 || (question >= 0 && question < slash)) {
                return question < 0 ? "/" : "/" + target.substring(question);
            }
            return target.substring(slash);
        }
        throw reader.bad("request target is neither an origin nor an absolute form");
    }

    private static boolean isScheme(String s) {
        return s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https")
                || s.equalsIgnoreCase("ws") || s.equalsIgnoreCase("wss");
    }

    /** Whether {@code v} is {@code HTTP/d.d} (RFC 9112 section 2.3). */
    static boolean isHttpVersion(String v) {
        return v.length() == 8 && v.startsWith("HTTP/") && HttpHeadReader.isDigit(v.charAt(5)) && v.charAt(6) == '.'
                && HttpHeadReader.isDigit(v.charAt(7));
    }
}
