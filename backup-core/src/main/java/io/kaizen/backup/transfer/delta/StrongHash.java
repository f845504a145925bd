package io.kaizen.backup.transfer.delta;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The strong hash of a signature's blocks, which confirms a weak-checksum hit. {@link #MD5} (16 bytes) is what every
 * agent speaks; {@link #XXH64} (8 bytes, about 20 times faster here) is negotiated in the agent protocol, as rsync
 * 3.x negotiates its xxhash sums. Neither has to resist a forger: whatever a delta rebuilds is checked whole
 * against its SHA-256 before it is kept, so a false block match fails that check instead of passing unnoticed.
 */
public enum StrongHash {
    MD5(16),
    XXH64(8);

    private final int length;

    StrongHash(int length) {
        this.length = length;
    }

    /** Bytes of this hash kept per block. */
    public int length() {
        return length;
    }

    /** A hasher for one thread. */
    Hasher hasher() {
        return this == MD5 ? new Md5Hasher() : new Xxh64Hasher();
    }

    /** Hashes blocks into a signature's slots; not thread-safe. */
    interface Hasher {
        /** Writes the hash of {@code buffer[offset, offset + length)} to {@code out[at, at + length())}. */
        void hash(byte[] buffer, int offset, int length, byte[] out, int at);
    }

    private static final class Md5Hasher implements Hasher {
        private final MessageDigest md5;

        Md5Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is missing from this JVM", e);
            }
        }

        @Override
        public void hash(byte[] buffer, int offset, int length, byte[] out, int at) {
            md5.update(buffer, offset, length);
            try {
                md5.digest(out, at, MD5.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** XXH64 with seed 0, big-endian; lz4-java's native code where it loads, else its Java code (same values). */
    private static final class Xxh64Hasher implements Hasher {
        private static final XXHash64 XXH = XXHashFactory.fastestInstance().hash64();

        @Override
        public void hash(byte[] buffer, int offset, int length, byte[] out, int at) {
            long h = XXH.hash(buffer, offset, length, 0);
            for (int i = 7; i >= 0; i--) {
                out[at + i] = (byte) h;
                h >>>= 8;
            }
        }
    }
}
