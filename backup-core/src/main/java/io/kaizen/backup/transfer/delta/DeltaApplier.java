package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Writes the new file from the old one and a delta. The old file is only read (it may be hard-linked from other
 * snapshots). Every instruction is checked against the signature's geometry, since a delta may come from an
 * untrusted peer.
 */
public final class DeltaApplier implements DeltaSink {
    private final FileChannel old;
    private final long oldLength;
    private final int blockSize;
    private final WritableByteChannel target;
    private long written;

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
        long done = 0;
        while (done < length) {
            long n = old.transferTo(start + done, length - done, target);
            if (n <= 0) {
                throw new IOException("old file shrank while the delta was applied");
            }
            done += n;
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
