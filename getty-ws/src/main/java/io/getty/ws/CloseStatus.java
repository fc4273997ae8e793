package io.getty.ws;

/**
 * What a close frame said (RFC 6455 section 7.4): a status code and a reason.
 *
 * @param code   the status code; 1005 (no status received) when the close frame carried none
 * @param reason the reason, in UTF-8 on the wire; empty when there was none
 */
public record CloseStatus(int code, String reason) {
}
