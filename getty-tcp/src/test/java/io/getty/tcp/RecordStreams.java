package io.getty.tcp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;

/**
 * The plain-socket side of {@link RecordLayer} (test only): a blocking peer that speaks records, so that the
 * tests' own peers can talk to getty sessions that run the layer. It greets when made, frames what is written
 * into records of random sizes, and reads record payloads as a stream, ending at the peer's goodbye or EOF.
 */
final class RecordStreams {
    /** Whether the TCP suite runs with the record layer under every getty session (a second surefire run). */
    static final boolean ENABLED = "record".equals(System.getProperty("getty.test.layer"));
    /** Whether it runs with deflate (best speed) under every getty session and around every peer (a third run). */
    static final boolean DEFLATE = "deflate".equals(System.getProperty("getty.test.layer"));

    private RecordStreams() {
    }

    /** The socket's input: the payload bytes of the records it receives, or the bytes themselves when off. */
    static InputStream input(Socket socket) throws IOException {
        if (DEFLATE) {
            return new DeflateInput(socket.getInputStream());
        }
        return ENABLED ? new RecordInput(socket.getInputStream()) : socket.getInputStream();
    }

    /** The socket's output: what is written leaves in records (greeting first), or as it is when off. */
    static OutputStream output(Socket socket) throws IOException {
        if (DEFLATE) { // flushed with SYNC_FLUSH: what the peer wrote leaves when it flushes
            return new java.util.zip.DeflaterOutputStream(socket.getOutputStream(),
                    new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true), 8192, true);
        }
        if (!ENABLED) {
            return socket.getOutputStream();
        }
        OutputStream raw = socket.getOutputStream();
        raw.write(new byte[] {RecordLayer.GREETING, 0, 2, 'h', 'i'});
        raw.flush();
        return new RecordOutput(raw, socket.getLocalPort());
    }

    /** Inflates what getty deflated; the end of the socket's stream is its end, as with the plain socket. */
    private static final class DeflateInput extends java.util.zip.InflaterInputStream {
        DeflateInput(InputStream raw) {
            super(raw, new java.util.zip.Inflater(true));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (EOFException e) {
                return -1; // a session closed at once (refused, failed) ends without a final block
            }
        }
    }

    private static final class RecordOutput extends OutputStream {
        private final OutputStream raw;
        private final SplittableRandom random;

        RecordOutput(OutputStream raw, long seed) {
            this.raw = raw;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            // One raw write for all the records of this call, so that a frame written at once arrives at once.
            java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream(len + 64);
            while (len > 0) {
                int n = Math.min(len, 1 + random.nextInt(RecordLayer.MAX_PAYLOAD));
                records.write(RecordLayer.DATA);
                records.write(n >>> 8);
                records.write(n);
                records.write(b, off, n);
                off += n;
                len -= n;
            }
            records.writeTo(raw);
        }

        @Override
        public void flush() throws IOException {
            raw.flush();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private static final class RecordInput extends InputStream {
        private final DataInputStream raw;
        private int left; // payload bytes left in the current DATA record
        private boolean ended;

        RecordInput(InputStream raw) {
            this.raw = new DataInputStream(raw);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (left == 0) {
                if (ended || !nextRecord()) {
                    ended = true;
                    return -1;
                }
            }
            int n = raw.read(b, off, Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the peer ended in the middle of a record");
            }
            left -= n;
            return n;
        }

        /** Reads record headers until a DATA record; false at the goodbye or EOF. */
        private boolean nextRecord() throws IOException {
            int type = raw.read();
            if (type < 0) {
                return false;
            }
            int length = raw.readUnsignedShort();
            switch (type) {
                case RecordLayer.GREETING -> {
                    raw.readFully(new byte[length]);
                    return true;
                }
                case RecordLayer.DATA -> {
                    left = length;
                    return true;
                }
                case RecordLayer.GOODBYE -> {
                    return false;
                }
                default -> throw new IOException("unknown record type " + type);
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
