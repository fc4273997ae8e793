package io.getty.ws.internal;

/**
 * An HTTP/1.1 response head, as {@link UpgradeResponseParser} read it.
 *
 * @param version the protocol version ({@code HTTP/1.1})
 * @param status  the status code ({@code 101})
 * @param reason  the reason phrase, possibly empty
 * @param headers the header fields
 */
public record HttpResponseHead(String version, int status, String reason, HttpHeaders headers) {
}
