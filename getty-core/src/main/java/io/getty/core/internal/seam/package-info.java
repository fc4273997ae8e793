/**
 * The seam under every session: transport, layers, decoder, session.
 *
 * <pre>
 *   session      life cycle, dispatch, write futures, water marks, timers        (internal.session)
 *     ↕ packets
 *   decoder      stream: cumulation + PkgReader until null; message: one unit per call
 *     ↕ plaintext / messages                        ({@link InboundSink}, {@link SessionIo})
 *   layers       0..n, top to bottom: WebSocket → compression → TLS             ({@link Layer}, {@link LayerStack})
 *     ↕ bytes
 *   transport    the channel on its loop: reads, writes, interest ops, close    ({@link Transport})
 * </pre>
 *
 * <p>With no layer, a session talks to its transport directly: the transport is the session's
 * {@link SessionIo} and the session is the transport's {@link InboundSink}, so the common case pays for no
 * extra call, copy or object. With layers, a {@link LayerStack} stands between them and plays both roles.
 *
 * <p>Counting: write futures, water marks and the write buffer limit are offsets in the bytes the user wrote
 * (the top of the stack). A layer's output is mapped back to its input by a ring of offset pairs, so the
 * bytes that reach the kernel are counted as the user bytes they carry.
 *
 * <p>Exported only to getty's own modules until it is stable enough to publish.
 */
package io.getty.core.internal.seam;
