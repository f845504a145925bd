package io.kaizen.backup.transfer.rsync;

import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.TreeRecords;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads rsync's per-entry lines ({@link ItemizedLine}) from its stdout as they come and turns them into the
 * transfer's tree record, so the sums pass neither walks nor stat's what rsync linked.
 *
 * <p>rsync prints entries directory by directory, a directory's files before its subdirectories, in its own
 * name order, and some late (a hard link whose first name was still being received); the record wants
 * {@link NativeNames#TREE_ORDER}. So entries are sorted in runs of at most {@link #RUN} entries, each run but
 * the last spilled to a file in {@code spillDir} (a directory the sums pass does not walk), and the runs are
 * merged into the record at the end: memory holds one run whatever the tree. A line that cannot be read
 * unambiguously, a spill that fails, or the same name twice drops the record (the sums pass then walks the tree
 * as before).
 */
final class ItemizedRecord extends OutputStream {
    /** The most entries held in memory. */
    static final int RUN = 1 << 15;
    private static final Comparator<ItemizedLine.Item> ORDER =
            Comparator.comparing(ItemizedLine.Item::name, NativeNames.TREE_ORDER);
    private static final TreeRecords.Kind[] KINDS = TreeRecords.Kind.values();

    private final byte[] root;
    private final boolean linkDestIsPrevious;
    private final Path spillDir;
    private final int runSize;
    private final List<ItemizedLine.Item> run = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    private byte[] line = new byte[256];
    private int length;
    private boolean usable = true;

    /**
     * Records below {@code root} (the source's path below the snapshot root), the names rsync prints being
     * relative to it; {@code linkDestIsPrevious}: see {@link ItemizedLine#parse}.
     */
    ItemizedRecord(byte[] root, boolean linkDestIsPrevious, Path spillDir) {
        this(root, linkDestIsPrevious, spillDir, RUN);
    }

    ItemizedRecord(byte[] root, boolean linkDestIsPrevious, Path spillDir, int runSize) {
        this.root = root.clone();
        this.linkDestIsPrevious = linkDestIsPrevious;
        this.spillDir = spillDir;
        this.runSize = runSize;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                line(ItemizedLine.text(line, 0, length));
                length = 0;
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b[i];
            }
        }
    }

    /**
     * Writes what was read into {@code record} in tree order and finishes it: complete if the transfer was
     * ({@code transferred}: rsync exited 0) and every line was read; else the record is dropped. Deletes the
     * spilled runs either way.
     */
    void finishInto(TreeRecords.Writer record, boolean transferred) throws IOException {
        try {
            boolean complete = transferred && usable && length == 0;
            if (complete) {
                run.sort(ORDER);
                complete = spilled.isEmpty() ? add(record, run) : merge(record);
            }
            record.finish(complete);
        } finally {
            run.clear();
            for (Path file : spilled) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void line(String text) {
        if (!usable) {
            return;
        }
        ItemizedLine.Result result = ItemizedLine.parse(text, linkDestIsPrevious);
        if (result.parsed() == ItemizedLine.Parsed.AMBIGUOUS) {
            usable = false;
        } else if (result.parsed() == ItemizedLine.Parsed.ENTRY) {
            ItemizedLine.Item item = result.item();
            byte[] name = Arrays.copyOf(root, root.length + 1 + item.name().length);
            name[root.length] = '/';
            System.arraycopy(item.name(), 0, name, root.length + 1, item.name().length);
            run.add(new ItemizedLine.Item(name, item.kind(), item.size()));
            if (run.size() >= runSize) {
                spill();
            }
        }
    }

    private void spill() {
        run.sort(ORDER);
        try {
            Path file = Files.createTempFile(spillDir, "itemized.", ".run");
            spilled.add(file);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                    1 << 16))) {
                for (ItemizedLine.Item item : run) {
                    out.writeByte(item.kind().ordinal());
                    out.writeLong(item.size());
                    out.writeInt(item.name().length);
                    out.write(item.name());
                }
            }
        } catch (IOException e) {
            usable = false;
        }
        run.clear();
    }

    private static boolean add(TreeRecords.Writer record, List<ItemizedLine.Item> items) throws IOException {
        for (ItemizedLine.Item item : items) {
            if (!add(record, item)) {
                return false;
            }
        }
        return true;
    }

    /** Adds one entry; false if it is not after the last one (the same name twice). */
    private static boolean add(TreeRecords.Writer record, ItemizedLine.Item item) throws IOException {
        try {
            record.add(new TreeRecords.Entry(item.name(), item.kind(), item.size(), null));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Merges the spilled runs and the one in memory into the record. */
    private boolean merge(TreeRecords.Writer record) throws IOException {
        List<Source> sources = new ArrayList<>();
        try {
            PriorityQueue<Source> heads = new PriorityQueue<>(Comparator.comparing(s -> s.head, ORDER));
            for (Path file : spilled) {
                Source source = new Source(new DataInputStream(new BufferedInputStream(Files.newInputStream(file),
                        1 << 16)), null);
                sources.add(source);
                if (source.advance()) {
                    heads.add(source);
                }
            }
            Source memory = new Source(null, run.iterator());
            if (memory.advance()) {
                heads.add(memory);
            }
            while (!heads.isEmpty()) {
                Source next = heads.poll();
                if (!add(record, next.head)) {
                    return false;
                }
                if (next.advance()) {
                    heads.add(next);
                }
            }
            return true;
        } finally {
            for (Source source : sources) {
                source.in.close();
            }
        }
    }

    /** One sorted run being merged: a spilled file or the run in memory, and its current entry. */
    private static final class Source {
        private final DataInputStream in;
        private final Iterator<ItemizedLine.Item> memory;
        private ItemizedLine.Item head;

        Source(DataInputStream in, Iterator<ItemizedLine.Item> memory) {
            this.in = in;
            this.memory = memory;
        }

        boolean advance() throws IOException {
            if (memory != null) {
                head = memory.hasNext() ? memory.next() : null;
                return head != null;
            }
            int kind = in.read();
            if (kind < 0) {
                return false;
            }
            try {
                long size = in.readLong();
                byte[] name = new byte[in.readInt()];
                in.readFully(name);
                head = new ItemizedLine.Item(name, KINDS[kind], size);
                return true;
            } catch (EOFException e) {
                throw new IOException("a spilled run of rsync's entries ends inside an entry", e);
            }
        }
    }
}
