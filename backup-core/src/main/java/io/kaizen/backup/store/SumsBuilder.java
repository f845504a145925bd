package io.kaizen.backup.store;

import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.TreeEntry;
import io.kaizen.backup.fs.TreeWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a partial snapshot's {@code SHA256SUMS} and counts its tree. A file that is the same inode as the file
 * at the same path in the previous snapshot (it was hard-linked) takes its sum from the previous sums file; a
 * file the engine hashed as it wrote it takes that sum; only other files are read and hashed. Subtrees an engine
 * recorded ({@link TreeRecords}) are taken from the record instead of being walked: a file it linked to the
 * previous snapshot takes the previous line without a stat. The walk, the records and both sums files are in tree
 * order, so they are merged as streams and memory does not grow with the tree.
 */
public final class SumsBuilder {
    private static final int THREADS = 4;
    private static final int WINDOW = 4096;

    private SumsBuilder() {
    }

    /** What was written: the tree's counts and the SHA-256 of the sums file itself. */
    public record Result(Counts counts, String sumsSha256) {
    }

    /**
     * Hashes and counts {@code partial}, carrying sums over from {@code previous} where files are shared, taking
     * those in {@code written} for files the engine wrote, and taking the subtrees in {@code records} from their
     * records ({@link TreeRecords#none()}: walk everything).
     */
    public static Result build(Path partial, Optional<Snapshot> previous, WrittenSums written, TreeRecords records)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "kaizen-sums");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new Pass(partial, previous, written, records, pool).run();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One sums pass. The walk (and the merge with the previous sums and the records) runs on this thread in tree
     * order, as does taking a recorded or written sum (a written file is new, never the previous copy); the stat of
     * the previous copy or the hashing of each other file runs on the pool; lines are written in walk order from
     * a bounded window of pending results.
     */
    private static final class Pass {
        private final Path partial;
        private final Optional<Snapshot> previous;
        private final WrittenSums written;
        private final TreeRecords records;
        private final ExecutorService pool;
        private final Tally tally = new Tally();
        private final Map<Object, byte[]> sharedInodes = new ConcurrentHashMap<>();
        private final Deque<Pending> window = new ArrayDeque<>();
        private SumsFile.Cursor prior;
        private SumsFile.Writer out;

        Pass(Path partial, Optional<Snapshot> previous, WrittenSums written, TreeRecords records,
             ExecutorService pool) {
            this.partial = partial;
            this.previous = previous;
            this.written = written;
            this.records = records;
            this.pool = pool;
        }

        Result run() throws IOException {
            Path sumsFile = partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS");
            MessageDigest sumsDigest = Sha256.digest();
            Path previousSums = previous.map(Snapshot::sumsFile).orElse(null);
            AtomicFile.write(sumsFile, null, raw -> {
                try (SumsFile.Reader before = previousSums == null ? null : SumsFile.Reader.open(previousSums);
                     SumsFile.Writer writer = new SumsFile.Writer(new DigestOutputStream(raw, sumsDigest))) {
                    prior = new SumsFile.Cursor(before);
                    out = writer;
                    walk();
                    drain(0);
                }
            });
            return new Result(tally.counts(), HexFormat.of().formatHex(sumsDigest.digest()));
        }

        private void walk() throws IOException {
            TreeWalker walker = TreeWalker.walk(partial, Set.of(Snapshot.META_DIR),
                    entry -> records.of(entry.relative()).isEmpty());
            while (walker.hasNext()) {
                TreeEntry entry = walker.next();
                PosixFileAttributes attributes = entry.attributes();
                if (attributes.isDirectory()) {
                    tally.dirs++;
                    Optional<TreeRecords.Recorded> recorded = records.of(entry.relative());
                    if (recorded.isPresent()) {
                        replay(recorded.get());
                    }
                } else if (attributes.isSymbolicLink()) {
                    tally.symlinks++;
                } else if (!attributes.isRegularFile()) {
                    tally.others++;
                } else {
                    byte[] known = written.get(entry.relative());
                    pend(entry.relative(), attributes.size(), known != null ? done(known, false) : summed(entry));
                }
            }
        }

        /** Takes a recorded subtree's entries in place of walking it. */
        private void replay(TreeRecords.Recorded recorded) throws IOException {
            boolean linkedToPrevious = previous.isPresent() && previous.get().dir().equals(recorded.linkedTo());
            try (TreeRecords.Reader reader = recorded.read()) {
                for (TreeRecords.Entry entry = reader.next(); entry != null; entry = reader.next()) {
                    switch (entry.kind()) {
                        case DIRECTORY -> tally.dirs++;
                        case SYMLINK -> tally.symlinks++;
                        case OTHER -> tally.others++;
                        case WRITTEN -> pend(entry.relative(), entry.size(), done(entry.sha256(), false));
                        case LINKED, FILE -> {
                            SumsFile.Line line = entry.kind() == TreeRecords.Kind.LINKED && linkedToPrevious
                                    ? prior.find(entry.relative()) : null;
                            if (line != null) {
                                pend(entry.relative(), entry.size(), done(line.sha256(), true));
                            } else {
                                TreeEntry made = stat(entry.relative());
                                pend(made.relative(), made.attributes().size(), summed(made));
                            }
                        }
                        default -> throw new IllegalStateException("unexpected kind " + entry.kind());
                    }
                }
            }
        }

        private TreeEntry stat(byte[] relative) throws IOException {
            Path path = NativeNames.resolve(partial, relative);
            return new TreeEntry(relative, path,
                    Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        }

        private Future<Sum> summed(TreeEntry entry) {
            SumsFile.Line line = previous.isPresent() ? prior.find(entry.relative()) : null;
            return pool.submit(() -> sum(previous, entry, line, sharedInodes));
        }

        private static Future<Sum> done(byte[] sha256, boolean carried) {
            return CompletableFuture.completedFuture(new Sum(sha256, carried));
        }

        private void pend(byte[] relative, long size, Future<Sum> sum) throws IOException {
            window.add(new Pending(relative, size, sum));
            drain(WINDOW);
        }

        /** Writes finished results from the head of the window, waiting while it holds more than {@code limit}. */
        private void drain(int limit) throws IOException {
            while (!window.isEmpty() && (window.size() > limit || window.peek().sum.isDone())) {
                Pending head = window.poll();
                Sum sum = await(head.sum);
                tally.countFile(head.size, sum.carried);
                out.write(new SumsFile.Line(head.relative, sum.sha256));
            }
        }
    }

    private static Sum await(Future<Sum> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while summing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    private static Sum sum(Optional<Snapshot> previous, TreeEntry entry, SumsFile.Line line,
                           Map<Object, byte[]> sharedInodes) throws IOException {
        Optional<byte[]> carried = previous.flatMap(p -> carriedSum(p, entry, line));
        return carried.isPresent() ? new Sum(carried.get(), true) : new Sum(hashOnce(entry, sharedInodes), false);
    }

    private static Optional<byte[]> carriedSum(Snapshot previous, TreeEntry entry, SumsFile.Line line) {
        if (line == null) {
            return Optional.empty();
        }
        Path before = NativeNames.resolve(previous.dir(), entry.relative());
        try {
            BasicFileAttributes old = Files.readAttributes(before, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Objects.equals(old.fileKey(), entry.attributes().fileKey())
                    ? Optional.of(line.sha256()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Hashes a file, once per inode for files with several names in this snapshot. */
    private static byte[] hashOnce(TreeEntry entry, Map<Object, byte[]> sharedInodes) throws IOException {
        Object key = entry.attributes().fileKey();
        byte[] known = sharedInodes.get(key);
        if (known != null) {
            return known;
        }
        byte[] sum = Sha256.of(entry.path());
        if (FileStat.of(entry.attributes()).links() > 1) {
            sharedInodes.put(key, sum);
        }
        return sum;
    }

    /** A file's sum, and whether it was carried over from the previous snapshot. */
    private record Sum(byte[] sha256, boolean carried) {
    }

    /** A file, its size, and its sum (being computed on the pool, or known). */
    private record Pending(byte[] relative, long size, Future<Sum> sum) {
    }

    private static final class Tally {
        long files;
        long dirs;
        long symlinks;
        long others;
        long bytes;
        long copied;
        long linked;
        long bytesCopied;

        void countFile(long size, boolean wasLinked) {
            files++;
            bytes += size;
            if (wasLinked) {
                linked++;
            } else {
                copied++;
                bytesCopied += size;
            }
        }

        Counts counts() {
            return new Counts(files, dirs, symlinks, others, bytes, copied, linked, bytesCopied);
        }
    }
}
