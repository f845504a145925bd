package io.kaizen.backup.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An output stream that keeps only the last {@code keep} bytes written to it: the tail of a stderr. */
public final class TailBuffer extends OutputStream {
    private final int keep;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public TailBuffer(int keep) {
        this.keep = keep;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
        trim();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
        trim();
    }

    private void trim() {
        if (buffer.size() > 2 * keep) {
            byte[] all = buffer.toByteArray();
            buffer.reset();
            buffer.write(all, all.length - keep, keep);
        }
    }

    /** What is kept, as text. */
    public synchronized String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
