package io.getty.ws.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of an HTTP/1.1 request or response head: names compare case-insensitively, and a field
 * that appears more than once is combined into one value, in order, joined by {@code ", "} as RFC 9110
 * section 5.3 allows for list-valued fields ({@code Cookie} lines are joined by {@code "; "}, RFC 6265
 * section 5.4). How many lines a field came in is kept, for fields that may appear only once.
 */
public final class HttpHeaders {

    private final Map<String, Field> fields = new LinkedHashMap<>();

    private static final class Field {
        final String name;
        String value;
        int lines;

        Field(String name, String value) {
            this.name = name;
            this.value = value;
            this.lines = 1;
        }
    }

    /** Adds a field line; a repeated name is combined with what is there. */
    public HttpHeaders add(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        Field field = fields.get(key);
        if (field == null) {
            fields.put(key, new Field(name, value));
        } else {
            String separator = key.equals("cookie") ? "; " : ", ";
            field.value = field.value.isEmpty() ? value
                    : value.isEmpty() ? field.value : field.value + separator + value;
            field.lines++;
        }
        return this;
    }

    /** The (combined) value of the field {@code name}, or {@code null} when there is none. */
    public String get(String name) {
        Field field = fields.get(name.toLowerCase(Locale.ROOT));
        return field == null ? null : field.value;
    }

    /** How many lines the field {@code name} came in; 0 when absent. */
    public int lines(String name) {
        Field field = fields.get(name.toLowerCase(Locale.ROOT));
        return field == null ? 0 : field.lines;
    }

    /**
     * The elements of the comma-separated list in field {@code name}, trimmed, empty ones dropped (RFC 9110
     * section 5.6.1); an empty list when the field is absent.
     */
    public List<String> list(String name) {
        String value = get(name);
        if (value == null) {
            return List.of();
        }
        List<String> elements = new ArrayList<>();
        for (String element : value.split(",")) {
            String trimmed = HttpHeadReader.trimOws(element);
            if (!trimmed.isEmpty()) {
                elements.add(trimmed);
            }
        }
        return elements;
    }

    /**
     * Whether the list in field {@code name} holds {@code token}, compared case-insensitively; an element
     * {@code token/version} counts too, as in {@code Upgrade: websocket/13} (RFC 9110 section 7.8).
     */
    public boolean containsToken(String name, String token) {
        for (String element : list(name)) {
            int slash = element.indexOf('/');
            String product = slash < 0 ? element : element.substring(0, slash);
            if (product.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The field names, as first written, in the order they first appeared. */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field field : fields.values()) {
            names.add(field.name);
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Field field : fields.values()) {
            out.append(field.name).append(": ").append(field.value).append("\r\n");
        }
        return out.toString();
    }
}
