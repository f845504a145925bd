package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The signature of a file: its length, the block size, the strong hash, and per block (the last one may be short)
 * the weak rolling checksum and the strong hash ({@link StrongHash#length()} bytes), as rsync's protocol 30+ does.
 */
public record Signature(long fileLength, int blockSize, StrongHash hash, int[] weak, byte[] strong) {
    /** rsync's BLOCK_SIZE: the block size of files up to 700 x 700 bytes. */
    static final int MIN_BLOCK = 700;
    /** rsync's MAX_BLOCK_SIZE for protocol 30 and later. */
    static final int MAX_BLOCK = 1 << 17;
    /** About how much of the old file one read of {@link #of} takes (whole blocks). */
    private static final int READ_BYTES = 1 << 20;
    /** Reads per run of blocks handed to one thread. */
    private static final int READS_PER_RUN = 8;

    public Signature {
        if (blockSize <= 0 || fileLength < 0) {
            throw new IllegalArgumentException("bad signature header: block size " + blockSize + ", length " + fileLength);
        }
        long blocks = blockCount(fileLength, blockSize);
        if (weak.length != blocks || strong.length != blocks * hash.length()) {
            throw new IllegalArgumentException("signature of " + fileLength + " bytes in blocks of " + blockSize
                    + " needs " + blocks + " blocks, got " + weak.length);
        }
    }

    /** rsync's block size for a file of {@code length} bytes: about its square root, multiple of 8, bounded. */
    public static int blockSizeFor(long length) {
        if (length <= (long) MIN_BLOCK * MIN_BLOCK) {
            return MIN_BLOCK;
        }
        int c = 1;
        for (long l = length; (l >>= 2) != 0; ) {
            c <<= 1;
        }
        if (c < 0 || c >= MAX_BLOCK) {
            return MAX_BLOCK;
        }
        int size = 0;
        do {
            size |= c;
            if (length < (long) size * size) {
                size &= ~c;
            }
            c >>= 1;
        } while (c >= 8);
        return Math.max(size, MIN_BLOCK);
    }

    static long blockCount(long fileLength, int blockSize) {
        return (fileLength + blockSize - 1) / blockSize;
    }

    public int blocks() {
        return weak.length;
    }

    /** The length of block {@code index} (the last block may be short). */
    public int blockLength(int index) {
        long start = (long) index * blockSize;
        return (int) Math.min(blockSize, fileLength - start);
    }

    boolean strongEquals(int index, byte[] digest) {
        int length = hash.length();
        return Arrays.equals(strong, index * length, (index + 1) * length, digest, 0, length);
    }

    /**
     * Computes the signature of the old file ({@code length} bytes of {@code file}), reading it once: runs of blocks
     * are summed on several threads at once (positional reads), each run into its own slots of the result.
     */
    public static Signature of(FileChannel file, long length, StrongHash hash) throws IOException {
        int blockSize = blockSizeFor(length);
        long count = blockCount(length, blockSize);
        if (count > Integer.MAX_VALUE / hash.length()) {
            throw new IOException("file too large for a signature: " + length + " bytes");
        }
        int[] weak = new int[(int) count];
        byte[] strong = new byte[(int) count * hash.length()];
        int blocksPerRead = Math.max(1, READ_BYTES / blockSize);
        int blocksPerRun = blocksPerRead * READS_PER_RUN;
        int runs = (int) ((count + blocksPerRun - 1) / blocksPerRun);
        try {
            IntStream.range(0, runs).parallel().forEach(run -> {
                int first = run * blocksPerRun;
                int last = (int) Math.min(count, (long) first + blocksPerRun);
                try {
                    sign(file, length, blockSize, hash, blocksPerRead, first, last, weak, strong);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Signature(length, blockSize, hash, weak, strong);
    }

    /** Sums blocks {@code [first, last)} of {@code file}, {@code blocksPerRead} blocks per read. */
    private static void sign(FileChannel file, long length, int blockSize, StrongHash hash, int blocksPerRead,
                             int first, int last, int[] weak, byte[] strong) throws IOException {
        byte[] buffer = new byte[blocksPerRead * blockSize];
        StrongHash.Hasher hasher = hash.hasher();
        for (int block = first; block < last; block += blocksPerRead) {
            long start = (long) block * blockSize;
            int size = (int) Math.min(buffer.length, Math.min((long) (last - block) * blockSize, length - start));
            ByteBuffer target = ByteBuffer.wrap(buffer, 0, size);
            while (target.hasRemaining()) {
                if (file.read(target, start + target.position()) < 0) {
                    throw new IOException("file shrank while its signature was computed");
                }
            }
            for (int i = block, offset = 0; offset < size; i++, offset += blockSize) {
                int n = Math.min(blockSize, size - offset);
                weak[i] = RollingChecksum.of(buffer, offset, n);
                hasher.hash(buffer, offset, n, strong, i * hash.length());
            }
        }
    }
}
