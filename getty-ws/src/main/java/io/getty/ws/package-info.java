/**
 * getty's WebSocket transport: RFC 6455 servers and clients, ws:// and wss://, with permessage-deflate
 * (RFC 7692). So far it holds the failures a WebSocket session reports; the protocol machinery (frames,
 * the opening handshake, close codes, UTF-8 checks, compression) lives in the module's internal package.
 */
package io.getty.ws;
