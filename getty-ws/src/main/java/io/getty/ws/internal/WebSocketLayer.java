package io.getty.ws.internal;

import io.getty.core.AttributeKey;
import io.getty.core.IncompletePacketException;
import io.getty.core.ReadTimeoutException;
import io.getty.core.Session;
import io.getty.core.SessionSetup;
import io.getty.core.internal.buffer.OutboundBuffer;
import io.getty.core.internal.loop.TimerNode;
import io.getty.core.internal.seam.Layer;
import io.getty.core.internal.seam.LayerContext;
import io.getty.ws.CloseStatus;
import io.getty.ws.MessageType;
import io.getty.ws.WebSocketHandshakeException;
import io.getty.ws.WebSocketInfo;
import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WebSocket (RFC 6455, with permessage-deflate from RFC 7692) as the top layer of a session's stack: the
 * opening handshake, then messages in frames. The session's reader gets one whole message per call, and each
 * packet the session writes leaves as one message (see {@link MessageWriter}).
 *
 * <pre>
 *   HANDSHAKE ──101──▶ OPEN ──close sent──▶ CLOSE_SENT ──peer's close──▶ CLOSED
 *       │                │ ╰──peer's close──▶ CLOSE_RECEIVED ──close answered──▶ CLOSED
 *       │                ╰──protocol error──▶ FAILING ──output sent, then close frame with its code──▶ FAILED
 *       ╰──refused (an HTTP error status), or a page answered──▶ FAILED
 * </pre>
 *
 * <ul>
 *   <li>Server: reads the upgrade request (the bytes after its head, in the same segment, are frames), answers
 *       101, an error status or a page, and in the last two cases closes after the answer is sent.</li>
 *   <li>Client: sends the upgrade request when it opens, and checks the 101.</li>
 *   <li>Pings are answered with pongs; every cron period this end sends a ping, and a peer that sent nothing
 *       at all, not even the pong, for a whole period after it is taken for dead.</li>
 *   <li>Closing: a graceful close of the session sends a close frame (1000, or the code of
 *       {@code WebSocket.close}) once the session's output is sent, and waits for the peer's; a peer's close
 *       frame is answered with its own code, after the output already accepted.</li>
 *   <li>A peer that breaks the protocol gets a close frame with the code that says how (1002, 1007, 1009),
 *       and the session fails with a {@link WebSocketProtocolException} once that frame is sent. What the session
 *       accepted before the bad frame arrived (the answers to the messages before it) goes out first, as in a
 *       graceful close; nothing after the bad frame is read.</li>
 * </ul>
 */
public final class WebSocketLayer extends TimerNode implements Layer, MessageReader.Events {
    /** Where a session keeps its layer, for {@code io.getty.ws.WebSocket}. */
    public static final AttributeKey<WebSocketLayer> ATTRIBUTE = AttributeKey.of("getty.webSocketLayer");

    private static final int HANDSHAKE = 0;
    private static final int OPEN = 1;
    private static final int CLOSE_SENT = 2;
    private static final int CLOSE_RECEIVED = 3;
    private static final int CLOSED = 4;
    private static final int FAILED = 5;
    private static final int FAILING = 6;

    private final WsSettings settings;
    private final MessageWriter writer;
    private LayerContext ctx;
    private int state = HANDSHAKE;

    // The handshake; dropped once it is over.
    private UpgradeRequestParser requestParser;
    private ClientHandshake clientHandshake;
    private UpgradeResponseParser responseParser;

    private MessageReader reader;
    private MessageType inboundType;
    /** The peer's close frame, once read. */
    private volatile CloseStatus peerClose;
    /** What this end's close frame says; set by the first {@code WebSocket.close}. */
    private volatile byte[] closePayload;

    /** Why the session fails, while it sends what it accepted before (FAILING). */
    private WebSocketProtocolException failure;

    /** The peer's end of stream came: no close frame can arrive any more. */
    private boolean inputEnded;

    // The heartbeat.
    private long cronNanos;
    /** Whether the peer sent anything since the last ping (or since the session opened). */
    private boolean heardSincePing;

    public WebSocketLayer(WsSettings settings) {
        this.settings = settings;
        this.writer = new MessageWriter(settings.isClient());
    }

    // ---------------------------------------------------------------- opening

    @Override
    public void open(LayerContext context) {
        this.ctx = context;
        context.session().attribute(ATTRIBUTE, this);
        if (settings.isClient()) {
            WsSettings.ClientRequest request = settings.client();
            clientHandshake = new ClientHandshake(request.host(), request.target(), request.subprotocols(),
                    settings.deflate(), request.headers(), ClientHandshake.newKey());
            responseParser = new UpgradeResponseParser(settings.maxHandshakeSize());
            context.below().writeBytes(clientHandshake.request());
            context.requestFlush();
        } else {
            requestParser = new UpgradeRequestParser(settings.maxHandshakeSize());
        }
    }

    /** Reads the handshake's HTTP head; returns true once the session is open and frames follow. */
    private boolean handshake(ByteBuffer in) {
        return settings.isClient() ? readResponse(in) : readRequest(in);
    }

    private boolean readRequest(ByteBuffer in) {
        HttpRequestHead request;
        try {
            request = requestParser.parse(in);
        } catch (WebSocketHandshakeException e) {
            refuse(ServerHandshake.Reject.of(e));
            return false;
        }
        if (request == null) {
            return false;
        }
        requestParser = null;
        byte[] page = settings.pages().get(request.path());
        if (page != null && "GET".equals(request.method())
                && !request.headers().containsToken("Upgrade", "websocket")) {
            state = FAILED;
            ctx.below().writeBytes(page);
            ctx.requestFlush();
            ctx.session().close(); // after the page is sent; the session never opens
            return false;
        }
        ServerHandshake.Outcome outcome = settings.server().validate(request);
        if (outcome instanceof ServerHandshake.Reject reject) {
            refuse(reject);
            return false;
        }
        ServerHandshake.Accept accept = (ServerHandshake.Accept) outcome;
        ctx.below().writeBytes(accept.response());
        ctx.requestFlush();
        PerMessageDeflate.Params deflate = accept.deflate();
        open(deflate, new WebSocketInfo(request.path(), request.query(), fields(request.headers()),
                accept.subprotocol(), deflate == null ? null : deflate.headerValue()));
        return true;
    }

    /** Answers with the error status; the stack sends it, then fails the session (it never opens). */
    private void refuse(ServerHandshake.Reject reject) {
        state = FAILED;
        ctx.below().writeBytes(reject.response());
        throw new WebSocketHandshakeException(reject.status(), reject.message());
    }

    private boolean readResponse(ByteBuffer in) {
        HttpResponseHead response = responseParser.parse(in);
        if (response == null) {
            return false;
        }
        ClientHandshake.Result result = clientHandshake.validate(response);
        String target = settings.client().target();
        int question = target.indexOf('?');
        responseParser = null;
        clientHandshake = null;
        PerMessageDeflate.Params deflate = result.deflate();
        open(deflate, new WebSocketInfo(question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1), fields(response.headers()),
                result.subprotocol(), deflate == null ? null : response.headers().get("Sec-WebSocket-Extensions")));
        return true;
    }

    private static Map<String, String> fields(HttpHeaders headers) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : headers.names()) {
            fields.put(name, headers.get(name));
        }
        return fields;
    }

    private void open(PerMessageDeflate.Params deflate, WebSocketInfo info) {
        Session session = ctx.session();
        long maxMessage = session.maxMessageLength();
        // Without a frame limit of its own, a frame is bounded by its message's (on the wire, in the parser).
        long maxFrame = settings.maxFrameSize() > 0 ? settings.maxFrameSize() : Long.MAX_VALUE;
        reader = new MessageReader(this, !settings.isClient(), deflate, maxFrame, maxMessage);
        writer.start(WsScratch.of(ctx.loop()), deflate,
                settings.deflate() == null ? -1 : settings.deflate().compressionLevel());
        session.attribute(WebSocketInfo.ATTRIBUTE, info);
        state = OPEN;
        writer.writeEmpties(ctx.below()); // empty messages written before the session opened
        cronNanos = ((SessionSetup) session).options().cronNanos();
        if (cronNanos > 0) {
            heardSincePing = true;
            ctx.loop().schedule(this, ctx.loop().nanoTime() + cronNanos);
        }
        ctx.opened();
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void read(ByteBuffer in, LayerContext context) {
        heardSincePing = true;
        if (state == HANDSHAKE && !handshake(in)) {
            if (state == FAILED) {
                in.position(in.limit());
            }
            return;
        }
        if (state != OPEN && state != CLOSE_SENT) {
            in.position(in.limit()); // nothing after a close frame, or a failure, means anything
            return;
        }
        try {
            if (!reader.read(in)) {
                in.position(in.limit());
            }
        } catch (WebSocketProtocolException e) {
            in.position(in.limit());
            failConnection(e);
        }
    }

    @Override
    public boolean message(ByteBuffer payload, MessageType type) {
        inboundType = type;
        return ctx.passUpMessage(payload, type);
    }

    @Override
    public void ping(ByteBuffer payload) {
        if (state == OPEN) {
            writer.pong(ctx.below(), payload);
            ctx.requestFlush();
        }
    }

    @Override
    public void pong(ByteBuffer payload) {
        ctx.session().updateActive();
    }

    @Override
    public void close(ByteBuffer payload) {
        CloseCodes.Close close = CloseCodes.parse(payload); // a bad close frame fails with its code
        peerClose = new CloseStatus(close.code(), close.reason());
        if (state == OPEN) {
            state = CLOSE_RECEIVED;
            ctx.peerFinished(); // the session sends what it accepted, then close(ctx) answers
        } else if (state == CLOSE_SENT) {
            state = CLOSED;
            ctx.closed();
        }
    }

    /**
     * _Fail the WebSocket Connection_ (RFC 6455 section 7.1.7): a close frame with the code, then the end. The
     * session first sends what it accepted (as for a peer's close frame: {@link #close} comes once it is sent),
     * so that the messages before the bad one are answered, as a peer expects of a strict endpoint.
     */
    private void failConnection(WebSocketProtocolException e) {
        if (state != OPEN || writer.closeWritten()) {
            state = FAILED;
            writer.discardQueued();
            ctx.fail(e); // a close frame went out already
            return;
        }
        failure = e;
        state = FAILING;
        ctx.peerFinished();
    }

    /** {@code message} cut to what a close frame's reason may hold. */
    private static String reason(String message) {
        if (message == null) {
            return "";
        }
        String reason = message;
        while (reason.getBytes(StandardCharsets.UTF_8).length > CloseCodes.MAX_REASON_LENGTH) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }

    /** The type of the message being passed up. */
    public MessageType inboundType() {
        return inboundType;
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public boolean framesPackets() {
        return true;
    }

    @Override
    public Object beginPacket(Object pkg, OutboundBuffer top) {
        return writer.begin(pkg, top);
    }

    @Override
    public void endPacket(OutboundBuffer top, boolean ok) {
        writer.end(top, ok);
        if (ok && (state == OPEN || state == CLOSE_RECEIVED || state == FAILING)) {
            writer.writeEmpties(ctx.below());
        }
    }

    @Override
    public void write(OutboundBuffer above, LayerContext context) {
        writer.write(above, context.below(), context.quantum());
    }

    // ---------------------------------------------------------------- heartbeat

    @Override
    protected void onTimer(long nowNanos) {
        if (state != OPEN) {
            return;
        }
        if (ctx.readsPaused()) {
            // The peer's pong may wait unread in the socket: silence says nothing now (as for the read timeout).
            heardSincePing = true;
            ctx.loop().schedule(this, nowNanos + cronNanos);
            return;
        }
        if (!heardSincePing) {
            ctx.fail(new ReadTimeoutException(ctx.session() + " sent nothing, not even a pong, for a cron period"
                    + " after a ping: the peer is dead"));
            return;
        }
        heardSincePing = false;
        writer.ping(ctx.below());
        ctx.requestFlush();
        ctx.loop().schedule(this, nowNanos + cronNanos);
    }

    // ---------------------------------------------------------------- closing

    /** Sets the code and reason of this end's close frame, then closes the session gracefully. Any thread. */
    public void closeWith(int code, String reason) {
        if (closePayload == null) {
            closePayload = CloseCodes.payload(code, reason);
        }
        ctx.session().close();
    }

    /** The peer's close frame, or {@code null}. Any thread. */
    public CloseStatus peerClose() {
        return peerClose;
    }

    @Override
    public boolean close(LayerContext context) {
        switch (state) {
            case OPEN -> {
                byte[] payload = closePayload;
                writer.close(context.below(), payload != null ? payload
                        : CloseCodes.payload(CloseCodes.NORMAL_CLOSURE, ""));
                state = inputEnded ? CLOSED : CLOSE_SENT;
                return inputEnded; // else the peer's close frame (or the close linger) ends the wait
            }
            case FAILING -> {
                writer.close(context.below(), CloseCodes.payload(failure.closeCode(), reason(failure.getMessage())));
                state = FAILED;
                throw failure; // the stack sends the close frame, then fails the session with it
            }
            case CLOSE_RECEIVED -> {
                CloseStatus received = peerClose;
                // Echo the peer's code (section 5.5.1); a close without one is answered without one.
                writer.close(context.below(), received == null || received.code() == CloseCodes.NO_STATUS_RECEIVED
                        ? new byte[0] : CloseCodes.payload(received.code(), ""));
                state = CLOSED;
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    @Override
    public void inputEnded(int unread, LayerContext context) {
        inputEnded = true;
        if (state == CLOSE_SENT) {
            state = CLOSED;
            context.closed(); // the peer left without its close frame: nothing more to wait for
        } else if (state == OPEN && reader.partial()) {
            throw new IncompletePacketException(Math.max(unread, 1));
        }
    }

    @Override
    public void release() {
        if (ctx != null) {
            ctx.loop().cancel(this);
        }
        if (reader != null) {
            reader.release();
        }
        writer.release();
    }

    @Override
    public String toString() {
        return "WebSocket " + (settings.isClient() ? "client" : "server") + " layer";
    }
}
