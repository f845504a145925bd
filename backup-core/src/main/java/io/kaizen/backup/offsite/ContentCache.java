package io.kaizen.backup.offsite;

import io.kaizen.backup.fs.NativeNames;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The collector's local accelerator (docs/OFFSITE-FORMAT.md, "Local state"): per node, the regular files of the
 * last snapshot sent, in tree order, with inode, size, mtime and blob ids. The next snapshot of that node is
 * walked in the same order, so a merge finds a file whose path, inode, size and mtime are unchanged (a collector
 * hard-links unchanged files) and its content is not read again. Only an accelerator: it is per repository,
 * rebuilt when missing or unreadable, and its blob ids are used only when the repository's index has them all.
 */
final class ContentCache {
    private static final String MAGIC = "kaizen offsite cache v1";

    private ContentCache() {
    }

    /** One cached file. */
    record Entry(byte[] path, long inode, long size, long mtimeNanos, List<BlobId> content) {
    }

    /** Reads a cache in tree order, answering look-ups for ascending paths. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private Entry current;

        private Reader(DataInputStream in) {
            this.in = in;
            advance();
        }

        /** The cache of {@code file} if it exists and belongs to {@code repositoryId}; else an empty reader. */
        static Reader open(Path file, String repositoryId) {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                if (!in.readUTF().equals(MAGIC) || !in.readUTF().equals(repositoryId)) {
                    in.close();
                    return new Reader(null);
                }
                return new Reader(in);
            } catch (IOException missingOrUnreadable) {
                return new Reader(null);
            }
        }

        /** The blobs cached for a file with these attributes at {@code path}, if any. */
        Optional<List<BlobId>> lookup(byte[] path, long inode, long size, long mtimeNanos) {
            while (current != null && NativeNames.TREE_ORDER.compare(current.path(), path) < 0) {
                advance();
            }
            if (current != null && NativeNames.TREE_ORDER.compare(current.path(), path) == 0
                    && current.inode() == inode && current.size() == size && current.mtimeNanos() == mtimeNanos) {
                return Optional.of(current.content());
            }
            return Optional.empty();
        }

        private void advance() {
            current = null;
            if (in == null) {
                return;
            }
            try {
                byte[] path = in.readNBytes(in.readInt());
                long inode = in.readLong();
                long size = in.readLong();
                long mtime = in.readLong();
                int count = in.readInt();
                List<BlobId> content = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    content.add(new BlobId(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
                }
                current = new Entry(path, inode, size, mtime, content);
            } catch (IOException | RuntimeException endOrDamage) {
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** Writes a new cache beside its final name; {@link #commit} replaces the old one. */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final Path temp;
        private final DataOutputStream out;

        Writer(Path file, String repositoryId) throws IOException {
            this.file = file;
            this.temp = file.resolveSibling(file.getFileName() + ".new");
            Files.createDirectories(file.getParent());
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
            out.writeUTF(MAGIC);
            out.writeUTF(repositoryId);
        }

        void add(Entry entry) {
            try {
                out.writeInt(entry.path().length);
                out.write(entry.path());
                out.writeLong(entry.inode());
                out.writeLong(entry.size());
                out.writeLong(entry.mtimeNanos());
                out.writeInt(entry.content().size());
                for (BlobId blob : entry.content()) {
                    out.writeLong(blob.a());
                    out.writeLong(blob.b());
                    out.writeLong(blob.c());
                    out.writeLong(blob.d());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the offsite cache " + temp, e);
            }
        }

        void commit() throws IOException {
            out.close();
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void close() throws IOException {
            out.close();
            Files.deleteIfExists(temp);
        }
    }
}
