package io.getty.ws.internal;

import io.getty.ws.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the head of a server's answer to the opening handshake, an HTTP/1.1 response (RFC 9112 section 4),
 * from bytes that arrive in any split. It stops right after the empty line that ends the head, so the
 * server's first frames, which may share the segment with the 101, stay in the input for the caller.
 *
 * <p>Only the form of the response is checked here; {@link ClientHandshake#validate} decides whether it
 * accepts the upgrade. Failures are a {@link WebSocketHandshakeException} with status 0 (the response is not
 * readable, so there is no status to report). One parser reads one response.
 */
public final class UpgradeResponseParser {

    private final HttpHeadReader reader;

    /** @param maxHeadSize the most bytes the head may take, status line and final empty line included */
    public UpgradeResponseParser(int maxHeadSize) {
        this.reader = new HttpHeadReader(maxHeadSize, 0, 0);
    }

    /**
     * Reads from {@code in}'s position on.
     *
     * @return the response once its head is complete, with {@code in}'s position right after the head;
     *     {@code null} when more bytes are needed (every byte given has been taken)
     * @throws WebSocketHandshakeException for a malformed head or one above the max size
     */
    public HttpResponseHead parse(ByteBuffer in) {
        if (!reader.read(in)) {
            return null;
        }
        List<String> lines = reader.lines();
        if (lines.isEmpty()) {
            throw reader.bad("no status line");
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]; the second SP is often left out
        String line = lines.get(0);
        if (line.length() < 12 || line.charAt(8) != ' ' || !UpgradeRequestParser.isHttpVersion(line.substring(0, 8))) {
            throw reader.bad("malformed status line");
        }
        String code = line.substring(9, 12);
        for (int i = 0; i < 3; i++) {
            if (!HttpHeadReader.isDigit(code.charAt(i))) {
                throw reader.bad("malformed status code");
            }
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            throw reader.bad("malformed status line");
        }
        String reason = line.length() > 13 ? line.substring(13) : "";
        return new HttpResponseHead(line.substring(0, 8), Integer.parseInt(code), reason, reader.fields(lines, 1));
    }
}
