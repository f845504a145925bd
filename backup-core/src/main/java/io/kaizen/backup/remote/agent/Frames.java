package io.kaizen.backup.remote.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Reading and writing frames, and bodies as streams of DATA frames closed by END. */
final class Frames {
    private Frames() {
    }

    /** One frame as read. */
    record Frame(byte type, byte[] payload) {
    }

    static void write(DataOutputStream out, byte type, byte[] payload, int offset, int length) throws IOException {
        out.writeByte(type);
        out.writeInt(length);
        out.write(payload, offset, length);
    }

    static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        write(out, type, payload, 0, payload.length);
    }

    static void error(DataOutputStream out, String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        write(out, AgentProtocol.ERROR, text, 0, Math.min(text.length, 4096));
    }

    /** Reads one frame; its declared length is bounded before anything is allocated. */
    static Frame read(DataInputStream in) throws IOException {
        byte type;
        try {
            type = in.readByte();
        } catch (EOFException e) {
            throw new EOFException("connection closed by the peer");
        }
        int length = in.readInt();
        if (length < 0 || length > AgentProtocol.MAX_FRAME) {
            throw AgentException.untrusted("frame of " + length + " bytes (limit " + AgentProtocol.MAX_FRAME + ")");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** A body being written: data is cut into DATA frames; {@link #close()} writes END (not closing the stream). */
    static final class BodyOutput extends OutputStream {
        private final DataOutputStream out;
        private final byte[] buffer = new byte[AgentProtocol.CHUNK];
        private int used;
        private boolean closed;

        BodyOutput(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    drain();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void drain() throws IOException {
            if (used > 0) {
                Frames.write(out, AgentProtocol.DATA, buffer, 0, used);
                used = 0;
            }
        }

        /** Drops what is buffered (after a failure, before an ERROR frame). */
        void discard() {
            used = 0;
            closed = true;
        }

        @Override
        public void flush() {
            // frames go out when full or at close; the connection is flushed by its owner
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                drain();
                out.writeByte(AgentProtocol.END);
                out.writeInt(0);
                closed = true;
            }
        }
    }

    /**
     * A body being read: the payloads of DATA frames until END; an ERROR frame fails the read with its message,
     * an empty DATA frame (which would carry nothing but keep a connection looking busy) is refused.
     */
    static final class BodyInput extends InputStream {
        private final DataInputStream in;
        private final String what;
        private final AtomicLong payload;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;
        private long total;

        BodyInput(DataInputStream in, String what) {
            this(in, what, new AtomicLong());
        }

        /** A body whose DATA payload bytes are also added to {@code payload}, a count shared across bodies. */
        BodyInput(DataInputStream in, String what, AtomicLong payload) {
            this.in = in;
            this.what = what;
            this.payload = payload;
        }

        private boolean fill() throws IOException {
            while (!ended && pos == chunk.length) {
                Frame frame = Frames.read(in);
                switch (frame.type()) {
                    case AgentProtocol.DATA -> {
                        if (frame.payload().length == 0) {
                            throw AgentException.untrusted(what + ": an empty data frame");
                        }
                        chunk = frame.payload();
                        pos = 0;
                        total += chunk.length;
                        payload.addAndGet(chunk.length);
                    }
                    case AgentProtocol.END -> ended = true;
                    case AgentProtocol.ERROR -> {
                        ended = true;
                        throw new AgentException(AgentException.Kind.REFUSED,
                                what + ": " + new String(frame.payload(), StandardCharsets.UTF_8));
                    }
                    default -> throw AgentException.protocol(what + ": unexpected frame type " + frame.type());
                }
            }
            return pos < chunk.length;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Reads to the end of the body, failing if more than {@code limit} bytes remain. */
        void drain(long limit) throws IOException {
            long skipped = 0;
            while (fill()) {
                skipped += chunk.length - pos;
                pos = chunk.length;
                if (skipped > limit) {
                    throw AgentException.untrusted(what + ": more data than announced");
                }
            }
        }

        boolean ended() {
            return ended;
        }

        long total() {
            return total;
        }
    }
}
