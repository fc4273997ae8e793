package io.getty.ws.internal;

/**
 * An HTTP/1.1 request head, as {@link UpgradeRequestParser} read it.
 *
 * @param method  the method, case-sensitive as HTTP says ({@code GET})
 * @param target  the request target as sent: {@code /chat?room=1}, or the absolute form
 * @param path    the target's path, without the query ({@code /chat}); not percent-decoded
 * @param query   the target's query, without the {@code ?}; {@code null} when there is none
 * @param version the protocol version ({@code HTTP/1.1})
 * @param headers the header fields
 */
public record HttpRequestHead(String method, String target, String path, String query, String version,
                              HttpHeaders headers) {
}
