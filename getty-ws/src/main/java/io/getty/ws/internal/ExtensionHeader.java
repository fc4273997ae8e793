package io.getty.ws.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Sec-WebSocket-Extensions} field (RFC 6455 section 9.1): a comma-separated list of extensions,
 * each a token name followed by {@code ;}-separated parameters, each a token with an optional value that
 * is a token or a quoted string (whose unescaped content must itself be a token).
 *
 * <pre>
 *   permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits="10"
 *   → [ permessage-deflate [client_max_window_bits]; permessage-deflate [server_max_window_bits=10] ]
 * </pre>
 */
public final class ExtensionHeader {

    /** One extension of the list, with its parameters in order. */
    public record Extension(String name, List<Param> params) {

        /** {@code name; param; param=value}, as it goes on the wire. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(name);
            for (Param param : params) {
                out.append("; ").append(param.name());
                if (param.value() != null) {
                    out.append('=').append(param.value());
                }
            }
            return out.toString();
        }
    }

    /** A parameter; {@code value} is {@code null} when the parameter has none. */
    public record Param(String name, String value) {
    }

    private final String text;
    private int pos;

    private ExtensionHeader(String text) {
        this.text = text;
    }

    /**
     * Reads a field value (several field lines already combined with commas).
     *
     * @throws IllegalArgumentException when it does not follow the grammar
     */
    public static List<Extension> parse(String value) {
        return new ExtensionHeader(value).list();
    }

    private List<Extension> list() {
        List<Extension> extensions = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos == text.length()) {
                return extensions;
            }
            if (peek() == ',') { // empty list elements are allowed (RFC 9110 section 5.6.1)
                pos++;
                continue;
            }
            String name = token();
            List<Param> params = new ArrayList<>();
            skipSpace();
            while (pos < text.length() && peek() == ';') {
                pos++;
                skipSpace();
                String param = token();
                String value = null;
                skipSpace();
                if (pos < text.length() && peek() == '=') {
                    pos++;
                    skipSpace();
                    value = pos < text.length() && peek() == '"' ? quotedToken() : token();
                    skipSpace();
                }
                params.add(new Param(param, value));
            }
            extensions.add(new Extension(name, List.copyOf(params)));
            if (pos < text.length() && peek() != ',') {
                throw new IllegalArgumentException("expected ',' or ';' at " + pos);
            }
        }
    }

    private String token() {
        int start = pos;
        while (pos < text.length() && HttpHeadReader.isTokenChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("expected a token at " + start);
        }
        return text.substring(start, pos);
    }

    private String quotedToken() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos == text.length()) {
                throw new IllegalArgumentException("unterminated quoted string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (pos == text.length()) {
                    throw new IllegalArgumentException("unterminated quoted string");
                }
                c = text.charAt(pos++);
            }
            out.append(c);
        }
        String value = out.toString();
        if (!HttpHeadReader.isToken(value)) {
            throw new IllegalArgumentException("quoted parameter value is not a token");
        }
        return value;
    }

    private char peek() {
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }
}
