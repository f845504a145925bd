package io.kaizen.backup.offsite;

import java.util.Arrays;

/**
 * The first tree ordinal seen for each inode of a multiply linked file: how a snapshot's hard-link groups are
 * found. Open addressing over primitive arrays, so a million linked files (a collector snapshot hard-links
 * every unchanged file to the day before) cost about 24 MB, not a map of boxed values.
 */
final class InodeOrdinals {
    private long[] inodes = new long[1024];
    private int[] ordinals = new int[1024];
    private int size;

    InodeOrdinals() {
        Arrays.fill(ordinals, -1);
    }

    /** The ordinal recorded for {@code inode}, or -1 after recording {@code ordinal} for it. */
    int firstOrPut(long inode, int ordinal) {
        int slot = slot(inodes, ordinals, inode);
        if (ordinals[slot] >= 0) {
            return ordinals[slot];
        }
        inodes[slot] = inode;
        ordinals[slot] = ordinal;
        if (++size * 2 > inodes.length) {
            grow();
        }
        return -1;
    }

    private static int slot(long[] keys, int[] values, long inode) {
        int mask = keys.length - 1;
        int slot = Long.hashCode(inode * 0x9E3779B97F4A7C15L) & mask;
        while (values[slot] >= 0 && keys[slot] != inode) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldInodes = inodes;
        int[] oldOrdinals = ordinals;
        inodes = new long[oldInodes.length * 2];
        ordinals = new int[oldOrdinals.length * 2];
        Arrays.fill(ordinals, -1);
        for (int i = 0; i < oldInodes.length; i++) {
            if (oldOrdinals[i] >= 0) {
                int slot = slot(inodes, ordinals, oldInodes[i]);
                inodes[slot] = oldInodes[i];
                ordinals[slot] = oldOrdinals[i];
            }
        }
    }
}
