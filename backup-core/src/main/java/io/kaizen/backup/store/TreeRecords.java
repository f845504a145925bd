package io.kaizen.backup.store;

import io.kaizen.backup.fs.NativeNames;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What engines made below their source roots in a partial snapshot, entry by entry in
 * {@link NativeNames#TREE_ORDER}, so the sums pass can take those subtrees from the record instead of walking and
 * stat'ing them again: for each regular file whether it was hard-linked to the previous snapshot's copy at the
 * same path (its sum is that copy's line), written (with the SHA-256 of the bytes written), or neither.
 *
 * <p>Each record is spooled to a file beside the sums file ({@code .kaizen/}), so memory does not grow with the
 * tree; the sums pass deletes the spools. A record is kept only if its engine says it is complete (every entry
 * below the root, which the transfer made itself) and no other record's root is the same, above or below it;
 * everything else is walked as before.
 */
public final class TreeRecords {
    private static final String SPOOL_PREFIX = "tree-record.";
    private final Path spoolDir;
    private final List<Recorded> complete = new ArrayList<>();
    private final List<byte[]> touched = new ArrayList<>();
    private int spools;

    private TreeRecords(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    /** Records spooled into {@code spoolDir}, a directory the sums pass does not walk (a partial's {@code .kaizen}). */
    public static TreeRecords spooledIn(Path spoolDir) {
        return new TreeRecords(spoolDir);
    }

    /** Keeps no record: engines given it record nothing, and the sums pass walks every tree. */
    public static TreeRecords none() {
        return new TreeRecords(null);
    }

    /** What one entry was made as. */
    public enum Kind {
        DIRECTORY, SYMLINK, OTHER,
        /** A regular file hard-linked to the file at the same path in the record's {@code linkedTo}. */
        LINKED,
        /** A regular file written by the engine, with the SHA-256 of the bytes written. */
        WRITTEN,
        /** A regular file made some other way (linked elsewhere, rebuilt by delta): its sum is not known. */
        FILE
    }

    /** One recorded entry: its path below the snapshot root, what it is, and a file's size and sum (if written). */
    public record Entry(byte[] relative, Kind kind, long size, byte[] sha256) {
    }

    /**
     * Starts recording the tree an engine makes at {@code root} (a directory's path below the snapshot root; the
     * root itself is not an entry), linking against {@code linkedTo}. A holder that keeps nothing (or cannot make
     * the spool) returns a writer that drops what it is given, and the root is then walked by the sums pass.
     */
    public synchronized Writer start(byte[] root, Path linkedTo) {
        if (spoolDir == null || root.length == 0) {
            return new Writer(this, root, linkedTo, null, null);
        }
        Path spool = spoolDir.resolve(SPOOL_PREFIX + spools++);
        try {
            OutputStream file = Files.newOutputStream(spool);
            return new Writer(this, root, linkedTo, spool, new DataOutputStream(new BufferedOutputStream(file, 1 << 16)));
        } catch (IOException e) {
            return new Writer(this, root, linkedTo, null, null);
        }
    }

    /** The complete record of the directory at {@code relative}, if there is one that no other record overlaps. */
    public synchronized Optional<Recorded> of(byte[] relative) {
        List<Recorded> related = complete.stream().filter(r -> related(relative, r.root)).toList();
        if (related.size() != 1 || !Arrays.equals(related.get(0).root, relative)
                || touched.stream().anyMatch(other -> related(relative, other))) {
            return Optional.empty();
        }
        return Optional.of(related.get(0));
    }

    /**
     * Says that something other than a complete record wrote at or below {@code relative} (the dump sources'
     * directory, a transfer that was not recorded to the end): no record at, above or below it is used.
     */
    public synchronized void touched(byte[] relative) {
        touched.add(relative);
    }

    /** Deletes every spool. */
    public synchronized void deleteSpools() throws IOException {
        for (Recorded recorded : complete) {
            Files.deleteIfExists(recorded.spool);
        }
        complete.clear();
    }

    /** Whether one of the two paths is the other or lies below it. */
    private static boolean related(byte[] a, byte[] b) {
        byte[] shorter = a.length <= b.length ? a : b;
        byte[] longer = a.length <= b.length ? b : a;
        return Arrays.equals(longer, 0, shorter.length, shorter, 0, shorter.length)
                && (longer.length == shorter.length || longer[shorter.length] == '/');
    }

    private synchronized void finished(Writer writer, boolean usable) throws IOException {
        if (usable) {
            complete.add(new Recorded(writer.root, writer.linkedTo, writer.spool));
        } else {
            touched.add(writer.root);
            if (writer.spool != null) {
                Files.deleteIfExists(writer.spool);
            }
        }
    }

    /** A complete record: its root, the snapshot it linked against, and its spool. */
    public record Recorded(byte[] root, Path linkedTo, Path spool) {
        /** Reads the entries back in the order they were written. */
        public Reader read() throws IOException {
            return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16)));
        }
    }

    /**
     * Takes one transfer's entries in tree order (one thread at a time). Unless {@link #finish} is told the tree
     * is complete, the root counts as touched by something unrecorded, so no record covers it or a tree above or
     * below it.
     */
    public static final class Writer implements Closeable {
        private static final Kind[] KINDS = Kind.values();
        private final TreeRecords owner;
        private final byte[] root;
        private final Path linkedTo;
        private final Path spool;
        private final DataOutputStream out;
        private byte[] last;
        private boolean finished;

        private Writer(TreeRecords owner, byte[] root, Path linkedTo, Path spool, DataOutputStream out) {
            this.owner = owner;
            this.root = root;
            this.linkedTo = linkedTo;
            this.spool = spool;
            this.out = out;
        }

        /** Whether entries are kept (a writer of {@link #none()} drops them). */
        public boolean keeps() {
            return out != null;
        }

        /** Adds the next entry; entries come in tree order, each below the root. */
        public void add(Entry entry) throws IOException {
            if (out == null) {
                return;
            }
            if (!related(root, entry.relative) || entry.relative.length == root.length
                    || (last != null && NativeNames.TREE_ORDER.compare(last, entry.relative) >= 0)) {
                throw new IllegalStateException("entry out of tree order below " + NativeNames.display(root) + ": "
                        + NativeNames.display(entry.relative));
            }
            last = entry.relative;
            out.writeByte(entry.kind.ordinal());
            out.writeInt(entry.relative.length);
            out.write(entry.relative);
            if (entry.kind == Kind.LINKED || entry.kind == Kind.WRITTEN || entry.kind == Kind.FILE) {
                out.writeLong(entry.size);
            }
            if (entry.kind == Kind.WRITTEN) {
                out.write(entry.sha256);
            }
        }

        /** Ends the record: kept if {@code complete}, else dropped (and its root left to the walk). */
        public void finish(boolean complete) throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (out != null) {
                out.close();
            }
            owner.finished(this, complete && out != null);
        }

        /** Ends the record as incomplete unless {@link #finish} was called. */
        @Override
        public void close() throws IOException {
            finish(false);
        }

        static Kind kind(int ordinal) throws IOException {
            if (ordinal < 0 || ordinal >= KINDS.length) {
                throw new IOException("not a tree record: kind " + ordinal);
            }
            return KINDS[ordinal];
        }
    }

    /** Streams a record's entries back. */
    public static final class Reader implements Closeable {
        private final DataInputStream in;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the end. */
        public Entry next() throws IOException {
            int ordinal = in.read();
            if (ordinal < 0) {
                return null;
            }
            try {
                Kind kind = Writer.kind(ordinal);
                byte[] relative = new byte[in.readInt()];
                in.readFully(relative);
                long size = kind == Kind.LINKED || kind == Kind.WRITTEN || kind == Kind.FILE ? in.readLong() : 0;
                byte[] sha256 = null;
                if (kind == Kind.WRITTEN) {
                    sha256 = new byte[32];
                    in.readFully(sha256);
                }
                return new Entry(relative, kind, size, sha256);
            } catch (EOFException e) {
                throw new IOException("a tree record ends inside an entry", e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
