package io.kaizen.backup.transfer.delta;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The signature of a file: its length, the block size, and per block (the last one may be short) the weak
 * rolling checksum and the first {@value #STRONG_LENGTH} bytes of its MD5, as rsync's protocol 30+ does.
 */
public record Signature(long fileLength, int blockSize, int[] weak, byte[] strong) {
    /** Bytes of the strong hash kept per block. */
    public static final int STRONG_LENGTH = 16;
    /** rsync's BLOCK_SIZE: the block size of files up to 700 x 700 bytes. */
    static final int MIN_BLOCK = 700;
    /** rsync's MAX_BLOCK_SIZE for protocol 30 and later. */
    static final int MAX_BLOCK = 1 << 17;

    public Signature {
        if (blockSize <= 0 || fileLength < 0) {
            throw new IllegalArgumentException("bad signature header: block size " + blockSize + ", length " + fileLength);
        }
        long blocks = blockCount(fileLength, blockSize);
        if (weak.length != blocks || strong.length != blocks * STRONG_LENGTH) {
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

    byte[] strong(int index) {
        return Arrays.copyOfRange(strong, index * STRONG_LENGTH, (index + 1) * STRONG_LENGTH);
    }

    boolean strongEquals(int index, byte[] digest) {
        return Arrays.equals(strong, index * STRONG_LENGTH, (index + 1) * STRONG_LENGTH, digest, 0, STRONG_LENGTH);
    }

    /** Reads {@code in} (the old file, {@code length} bytes) once and computes its signature. */
    public static Signature of(InputStream in, long length) throws IOException {
        int blockSize = blockSizeFor(length);
        long count = blockCount(length, blockSize);
        if (count > Integer.MAX_VALUE / STRONG_LENGTH) {
            throw new IOException("file too large for a signature: " + length + " bytes");
        }
        int[] weak = new int[(int) count];
        byte[] strong = new byte[(int) count * STRONG_LENGTH];
        byte[] block = new byte[blockSize];
        MessageDigest md5 = md5();
        for (int i = 0; i < count; i++) {
            int size = (int) Math.min(blockSize, length - (long) i * blockSize);
            int read = in.readNBytes(block, 0, size);
            if (read != size) {
                throw new IOException("file shrank while its signature was computed");
            }
            weak[i] = RollingChecksum.of(block, 0, size);
            md5.update(block, 0, size);
            System.arraycopy(md5.digest(), 0, strong, i * STRONG_LENGTH, STRONG_LENGTH);
        }
        return new Signature(length, blockSize, weak, strong);
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
