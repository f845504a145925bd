package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Writes the new file from the old one and a delta. The old file is only read (it may be hard-linked from other
 * snapshots). Every instruction is checked against the signature's geometry, since a delta may come from an
 * untrusted peer. Copied blocks go to the target in writes of up to {@value #COPY_BUFFER} bytes through a direct
 * buffer: a read into it and a write from it copy nothing in the JVM (a heap buffer costs a copy each way), and a
 * target that hashes what it writes hashes large chunks, not a transfer's small ones.
 */
public final class DeltaApplier implements DeltaSink {
    /** Copied blocks pass through a direct buffer of this size, in large reads and writes. */
    private static final int COPY_BUFFER = 1 << 20;
    private final FileChannel old;
    private final long oldLength;
    private final int blockSize;
    private final WritableByteChannel target;
    private long written;
    private ByteBuffer buffer;

    /** Applies deltas made against a signature of {@code old} taken with {@code blockSize}. */
    public DeltaApplier(FileChannel old, long oldLength, int blockSize, WritableByteChannel target) {
        this.old = old;
        this.oldLength = oldLength;
        this.blockSize = blockSize;
        this.target = target;
    }

    @Override
    public void copy(int firstBlock, int count) throws IOException {
        long blocks = Signature.blockCount(oldLength, blockSize);
        if (firstBlock < 0 || count <= 0 || (long) firstBlock + count > blocks) {
            throw new IOException("delta refers to blocks " + firstBlock + "+" + count + " of a file with " + blocks);
        }
        long start = (long) firstBlock * blockSize;
        long length = Math.min((long) count * blockSize, oldLength - start);
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect((int) Math.min(COPY_BUFFER, oldLength));
        }
        for (long done = 0; done < length; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            while (buffer.hasRemaining()) {
                if (old.read(buffer, start + done + buffer.position()) < 0) {
                    throw new IOException("old file shrank while the delta was applied");
                }
            }
            done += buffer.flip().remaining();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
        }
        written += length;
    }

    @Override
    public void literal(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
        while (bytes.hasRemaining()) {
            target.write(bytes);
        }
        written += length;
    }

    @Override
    public void end() {
    }

    public long written() {
        return written;
    }
}
