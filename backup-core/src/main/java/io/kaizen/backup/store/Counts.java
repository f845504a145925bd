package io.kaizen.backup.store;

/**
 * What a snapshot holds, counted from the finished tree: regular files, directories, symlinks, other entries
 * (devices, fifos, sockets), bytes of regular files, and how many files were copied (new inode) or hard-linked
 * to the previous snapshot (same inode).
 */
public record Counts(long files, long dirs, long symlinks, long others, long bytes,
                     long filesCopied, long filesLinked, long bytesCopied) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);
}
