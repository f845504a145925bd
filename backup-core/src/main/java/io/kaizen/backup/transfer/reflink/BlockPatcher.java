package io.kaizen.backup.transfer.reflink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes {@code target} equal to {@code source} by writing only the blocks that differ (and truncating or
 * extending it to the source's size). Both files are read whole; writes are aligned to {@link #BLOCK}, the file
 * system block, so a reflinked target copies on write only what changed.
 */
final class BlockPatcher {
    static final int BLOCK = 4096;
    private static final int CHUNK = 1 << 20;

    private BlockPatcher() {
    }

    /** Bytes compared and bytes written. */
    record Patched(long compared, long written) {
    }

    static Patched patch(Path source, Path target) throws IOException {
        long written = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = in.size();
            ByteBuffer wanted = ByteBuffer.allocateDirect(CHUNK);
            ByteBuffer present = ByteBuffer.allocateDirect(CHUNK);
            for (long position = 0; position < size; position += CHUNK) {
                int length = (int) Math.min(CHUNK, size - position);
                readFully(in, wanted, position, length, true);
                int have = readFully(out, present, position, length, false);
                if (have == length && wanted.mismatch(present) == -1) {
                    continue;
                }
                written += writeDifferingBlocks(out, wanted, present, have, position, length);
            }
            if (out.size() > size) {
                out.truncate(size);
            }
            return new Patched(size, written);
        }
    }

    /** Writes each run of blocks of {@code wanted} that differ from {@code present}; returns the bytes written. */
    private static long writeDifferingBlocks(FileChannel out, ByteBuffer wanted, ByteBuffer present, int have,
                                             long position, int length) throws IOException {
        long written = 0;
        int runStart = -1;
        for (int offset = 0; offset < length; offset += BLOCK) {
            int n = Math.min(BLOCK, length - offset);
            boolean differs = offset + n > have || wanted.slice(offset, n).mismatch(present.slice(offset, n)) != -1;
            if (differs && runStart < 0) {
                runStart = offset;
            } else if (!differs && runStart >= 0) {
                written += write(out, wanted.slice(runStart, offset - runStart), position + runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            written += write(out, wanted.slice(runStart, length - runStart), position + runStart);
        }
        return written;
    }

    private static long write(FileChannel out, ByteBuffer run, long at) throws IOException {
        long written = 0;
        while (run.hasRemaining()) {
            written += out.write(run, at + run.position());
        }
        return written;
    }

    /** Reads up to {@code length} bytes at {@code position}; fewer only at the end of the file. */
    private static int readFully(FileChannel channel, ByteBuffer buffer, long position, int length, boolean required)
            throws IOException {
        buffer.clear().limit(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                if (required) {
                    throw new IOException("file shrank while being read at offset " + (position + buffer.position()));
                }
                break;
            }
        }
        int read = buffer.position();
        buffer.flip();
        return read;
    }
}
