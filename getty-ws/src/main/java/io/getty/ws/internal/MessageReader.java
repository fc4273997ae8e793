package io.getty.ws.internal;

import io.getty.ws.MessageType;
import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;

/**
 * A session's inbound frames, turned into whole messages: it drives a {@link FrameParser} over the bytes from
 * below and reassembles, checks and decompresses what it reports.
 *
 * <ul>
 *   <li>A message that is one frame whose payload is all in the input at hand is handed up in place (the
 *       parser has unmasked it there): no copy. Any other message (fragmented, split over reads, or
 *       compressed) is gathered in a buffer of its own, sized to it.</li>
 *   <li>Text is checked as UTF-8 piece by piece, across fragments (RFC 6455 section 8.1): a bad byte fails
 *       the connection (1007) when it arrives, not at the message's end.</li>
 *   <li>A frame above the max frame size, or a message above the max message length (inflated, for a
 *       compressed one), is a 1009.</li>
 *   <li>Control frames between fragments are handed to the {@link Events} as they end.</li>
 * </ul>
 * Loop thread only; the layer keeps no reference to the input after {@link #read} returns.
 */
final class MessageReader implements FrameParser.Receiver {

    /** What the reader hands to its layer. */
    interface Events {
        /** A whole message; returns false to stop reading (the session closed). */
        boolean message(ByteBuffer payload, MessageType type);

        void ping(ByteBuffer payload);

        void pong(ByteBuffer payload);

        /** A close frame; reading stops after it. */
        void close(ByteBuffer payload);
    }

    /** A gathering buffer larger than this is dropped after its message rather than kept for the next. */
    private static final int KEEP_BUFFER = 16 * 1024;
    private static final int FIRST_INFLATE_BUFFER = 4 * 1024;

    private final Events events;
    private final FrameParser parser;
    private final long maxFrame;
    private final long maxMessage;
    private final MessageInflater inflater;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The input of the running {@link #read}. */
    private ByteBuffer in;
    private boolean stopped;

    // The frame being read.
    private int opcode;
    private boolean fin;
    private boolean inPlace;
    private int inPlaceStart;
    private int inPlaceLength;
    private ByteBuffer controlCopy;
    private boolean controlCopied;

    // The message being read.
    private MessageType type;
    private boolean compressed;
    /** Where the message is gathered (from index 0 to its position), when it is not in place. */
    private ByteBuffer message;
    /** Bytes of {@link #message} already checked as UTF-8. */
    private int checked;

    /**
     * @param serverSide  whether frames must be masked (a server's input)
     * @param deflate     permessage-deflate as agreed, or {@code null}
     * @param maxFrame    the most payload bytes one data frame may carry on the wire
     * @param maxMessage  the most bytes one message may hold (inflated, for a compressed one)
     */
    MessageReader(Events events, boolean serverSide, PerMessageDeflate.Params deflate, long maxFrame, long maxMessage) {
        this.events = events;
        this.maxFrame = maxFrame;
        this.maxMessage = maxMessage;
        // The parser counts wire bytes: a compressed message may take a little more than its inflated size.
        long wire = deflate == null ? maxMessage : maxMessage + maxMessage / 64 + 1024;
        this.parser = new FrameParser(serverSide, deflate == null ? 0 : Frames.RSV1, wire);
        this.inflater = deflate == null ? null : new MessageInflater(deflate.decompressorResets(serverSide), maxMessage);
    }

    /**
     * Reads the frames in {@code in}, consuming it all unless a close frame or a closed session stopped the
     * reading (then the rest is left, and means nothing).
     *
     * @return false when reading stopped for good
     * @throws WebSocketProtocolException when the peer broke the protocol
     */
    boolean read(ByteBuffer input) {
        this.in = input;
        try {
            parser.parse(input, this);
        } finally {
            this.in = null;
        }
        return !stopped;
    }

    /** Whether the peer's input ended in the middle of a frame or a fragmented message. */
    boolean partial() {
        return parser.inFrame() || parser.inMessage();
    }

    @Override
    public ByteBuffer frameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
        this.opcode = opcode;
        this.fin = fin;
        inPlace = false;
        controlCopied = false;
        if (Frames.isControl(opcode)) {
            if (in.remaining() >= payloadLength) {
                inPlace = true;
                inPlaceStart = in.position();
                inPlaceLength = (int) payloadLength;
                return null;
            }
            if (controlCopy == null) {
                controlCopy = ByteBuffer.allocate(Frames.MAX_CONTROL_PAYLOAD);
            }
            controlCopied = true;
            return controlCopy.clear();
        }
        if (payloadLength > maxFrame) {
            throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "frame of " + payloadLength + " bytes; at most " + maxFrame + " are accepted");
        }
        if (opcode != Frames.CONTINUATION) {
            type = opcode == Frames.TEXT ? MessageType.TEXT : MessageType.BINARY;
            compressed = (rsv & Frames.RSV1) != 0;
            utf8.reset();
            checked = 0;
            if (message != null) {
                message.clear();
            }
        }
        if (compressed) {
            if (message == null) {
                message = ByteBuffer.allocate((int) Math.min(FIRST_INFLATE_BUFFER, maxMessage + 1));
            }
            return null; // the compressed pieces are inflated where they lie
        }
        if (fin && opcode != Frames.CONTINUATION && in.remaining() >= payloadLength) {
            inPlace = true;
            inPlaceStart = in.position();
            inPlaceLength = (int) payloadLength;
            return null;
        }
        int length = message == null ? 0 : message.position();
        ensureRoom(length, payloadLength);
        return message;
    }

    /** Makes {@link #message} hold {@code length} bytes and room for {@code more}. */
    private void ensureRoom(int length, long more) {
        long need = length + more;
        if (message != null && message.capacity() >= need) {
            message.limit(message.capacity());
            return;
        }
        long capacity = Math.max(need, message == null ? 0 : Math.min(2L * message.capacity(), maxMessage + 1));
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE - 8));
        if (message != null) {
            bigger.put(message.flip());
        }
        message = bigger;
    }

    @Override
    public void payload(ByteBuffer piece) {
        if (Frames.isControl(opcode)) {
            return; // whole at the frame's end
        }
        if (compressed) {
            while (!inflater.inflate(piece, message)) {
                ensureRoom(message.position(), 1); // doubles, up to the limit and one byte
            }
            checkText(message, checked, message.position());
            checked = message.position();
            return;
        }
        checkText(piece, piece.position(), piece.limit());
    }

    private void checkText(ByteBuffer bytes, int from, int to) {
        if (type == MessageType.TEXT && !utf8.validate(bytes, from, to)) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not UTF-8");
        }
    }

    @Override
    public boolean frameEnd() {
        if (Frames.isControl(opcode)) {
            return control();
        }
        if (!fin) {
            return true;
        }
        if (compressed) {
            while (!inflater.finish(message)) {
                ensureRoom(message.position(), 1);
            }
            checkText(message, checked, message.position());
        }
        if (type == MessageType.TEXT && !utf8.isComplete()) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a character");
        }
        boolean more;
        if (inPlace) {
            more = deliverInPlace();
        } else {
            ByteBuffer whole = message.flip();
            more = events.message(whole, type);
            message = message.capacity() <= KEEP_BUFFER ? message.clear() : null;
        }
        if (!more) {
            stopped = true;
        }
        return more;
    }

    private boolean deliverInPlace() {
        ByteBuffer input = in;
        int position = input.position();
        int limit = input.limit();
        input.limit(inPlaceStart + inPlaceLength).position(inPlaceStart);
        try {
            return events.message(input, type);
        } finally {
            input.limit(limit).position(position);
        }
    }

    private boolean control() {
        ByteBuffer payload;
        int position = 0;
        int limit = 0;
        if (controlCopied) {
            payload = controlCopy.flip();
        } else {
            payload = in;
            position = payload.position();
            limit = payload.limit();
            payload.limit(inPlaceStart + inPlaceLength).position(inPlaceStart);
        }
        try {
            switch (opcode) {
                case Frames.PING -> events.ping(payload);
                case Frames.PONG -> events.pong(payload);
                default -> {
                    stopped = true;
                    events.close(payload);
                    return false;
                }
            }
        } finally {
            if (!controlCopied) {
                payload.limit(limit).position(position);
            }
        }
        return true;
    }

    /** Frees the decompressor. */
    void release() {
        if (inflater != null) {
            inflater.release();
        }
        message = null;
    }
}
