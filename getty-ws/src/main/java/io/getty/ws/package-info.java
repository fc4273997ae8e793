/**
 * getty's WebSocket transport: RFC 6455 servers ({@link io.getty.ws.WsServer}) and clients
 * ({@link io.getty.ws.WsClient}) with permessage-deflate (RFC 7692). A WebSocket session is a getty session
 * whose reader gets one whole message per call and each of whose packets leaves as one message;
 * {@link io.getty.ws.WebSocketCodecs} has ready codecs for text and bytes, {@link io.getty.ws.WebSocketInfo}
 * tells what the handshake said, and {@link io.getty.ws.WebSocket} closes with a code and tells a message's
 * type. The protocol machinery (frames, the opening handshake, close codes, UTF-8 checks, compression) lives in
 * the module's internal package.
 */
package io.getty.ws;
