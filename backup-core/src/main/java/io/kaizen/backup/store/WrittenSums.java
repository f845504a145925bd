package io.kaizen.backup.store;

import java.util.Arrays;
import java.util.BitSet;

/**
 * SHA-256 sums of files an engine wrote into a partial snapshot, taken from the bytes as they were written, so
 * the sums pass need not read those files a second time.
 *
 * <p>Keyed by a 64-bit hash of the file's path below the snapshot root. A second path with the same key (or the
 * same path written twice) makes the key unusable, so a lookup never answers with another file's sum: such files
 * are read and hashed by the sums pass as before. At most {@link #MAX_SUMS} sums are held, in flat arrays of at
 * most 40 MiB; files written beyond that are hashed by the sums pass too, so memory is bounded whatever the tree.
 */
public final class WrittenSums {
    /** The most sums held (768 Ki: three quarters of 2^20 slots of 8 + 32 bytes). */
    public static final int MAX_SUMS = 3 << 18;
    private static final int SHA256 = 32;
    private static final int FIRST_SLOTS = 1 << 12;
    private static final long EMPTY = 0L;

    private final int maxSums;
    private long[] keys = new long[0];
    private byte[] sums = new byte[0];
    private BitSet unusable = new BitSet();
    private int count;

    private WrittenSums(int maxSums) {
        this.maxSums = maxSums;
    }

    /** An empty collection holding up to {@link #MAX_SUMS} sums. */
    public static WrittenSums create() {
        return new WrittenSums(MAX_SUMS);
    }

    /** An empty collection holding up to {@code maxSums} sums. */
    public static WrittenSums withLimit(int maxSums) {
        if (maxSums < 0) {
            throw new IllegalArgumentException("maxSums must not be negative");
        }
        return new WrittenSums(maxSums);
    }

    /** Records the sum of the file written at {@code relative} (a path below the snapshot root, as in the sums file). */
    public synchronized void put(byte[] relative, byte[] sha256) {
        if (sha256.length != SHA256) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
        }
        long key = key(relative);
        int slot = find(key);
        if (slot >= 0) {
            unusable.set(slot);
            return;
        }
        if (count >= maxSums) {
            return;
        }
        if ((count + 1) * 4L > keys.length * 3L) {
            grow();
        }
        slot = free(key);
        keys[slot] = key;
        System.arraycopy(sha256, 0, sums, slot * SHA256, SHA256);
        count++;
    }

    /** The recorded sum of {@code relative}, or null if there is none that is certainly its own. */
    public synchronized byte[] get(byte[] relative) {
        int slot = find(key(relative));
        if (slot < 0 || unusable.get(slot)) {
            return null;
        }
        return Arrays.copyOfRange(sums, slot * SHA256, slot * SHA256 + SHA256);
    }

    private int find(long key) {
        if (keys.length == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int slot = (int) key & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == EMPTY) {
                return -1;
            }
            if (keys[slot] == key) {
                return slot;
            }
        }
    }

    private int free(long key) {
        int mask = keys.length - 1;
        int slot = (int) key & mask;
        while (keys[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[] oldSums = sums;
        BitSet oldUnusable = unusable;
        int slots = Math.max(FIRST_SLOTS, oldKeys.length * 2);
        keys = new long[slots];
        sums = new byte[slots * SHA256];
        unusable = new BitSet();
        for (int old = 0; old < oldKeys.length; old++) {
            if (oldKeys[old] != EMPTY) {
                int slot = free(oldKeys[old]);
                keys[slot] = oldKeys[old];
                System.arraycopy(oldSums, old * SHA256, sums, slot * SHA256, SHA256);
                unusable.set(slot, oldUnusable.get(old));
            }
        }
    }

    /** FNV-1a over the bytes, then a 64-bit finaliser (MurmurHash3's fmix64) to spread the bits; never 0. */
    static long key(byte[] relative) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : relative) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash == EMPTY ? 1L : hash;
    }
}
