package io.kaizen.backup.store;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The regular files of a snapshot with their SHA-256, in {@link NativeNames#TREE_ORDER}, streamed. Read from
 * {@code .kaizen/SHA256SUMS} when that file matches the hash its manifest records (no tree walk); otherwise
 * (missing or altered) from a walk of the snapshot that hashes every file, and {@link #fromSums()} says so.
 */
public final class SnapshotFiles implements Iterator<SumsFile.Line>, Closeable {
    private final SumsFile.Reader sums;
    private final TreeWalker walker;
    private SumsFile.Line next;

    private SnapshotFiles(SumsFile.Reader sums, TreeWalker walker) {
        this.sums = sums;
        this.walker = walker;
    }

    public static SnapshotFiles open(Snapshot snapshot) throws IOException {
        if (sumsIntact(snapshot)) {
            return new SnapshotFiles(SumsFile.Reader.open(snapshot.sumsFile()), null);
        }
        return new SnapshotFiles(null, TreeWalker.walk(snapshot.dir(), Set.of(Snapshot.META_DIR)));
    }

    /** Whether the snapshot's sums file exists and matches the hash its manifest records. */
    public static boolean sumsIntact(Snapshot snapshot) throws IOException {
        return Files.isRegularFile(snapshot.sumsFile())
                && snapshot.manifest().sumsSha256().equals(Sha256.hexOf(snapshot.sumsFile()));
    }

    /** Whether the lines come from the sums file (true) or from hashing the tree (false). */
    public boolean fromSums() {
        return sums != null;
    }

    @Override
    public boolean hasNext() {
        if (sums != null) {
            return sums.hasNext();
        }
        while (next == null && walker.hasNext()) {
            TreeEntry entry = walker.next();
            if (entry.attributes().isRegularFile()) {
                try {
                    next = new SumsFile.Line(entry.relative(), Sha256.of(entry.path()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + entry.path(), e);
                }
            }
        }
        return next != null;
    }

    @Override
    public SumsFile.Line next() {
        if (sums != null) {
            return sums.next();
        }
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SumsFile.Line line = next;
        next = null;
        return line;
    }

    @Override
    public void close() throws IOException {
        if (sums != null) {
            sums.close();
        }
    }
}
