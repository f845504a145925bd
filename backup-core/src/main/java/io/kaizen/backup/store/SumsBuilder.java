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
 * file the engine hashed as it wrote it takes that sum; only other files are read and hashed. Both sums files are in tree order, so the two are merged as streams and
 * memory does not grow with the tree.
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
     * Hashes and counts {@code partial}, carrying sums over from {@code previous} where files are shared and
     * taking those in {@code written} for files the engine wrote.
     */
    public static Result build(Path partial, Optional<Snapshot> previous, WrittenSums written) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "kaizen-sums");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return build(partial, previous, written, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The walk (and the merge with the previous sums) runs on this thread in tree order, as does taking the sum of
     * a file the engine wrote (it is a new file, never the previous copy); the stat of the previous copy or the
     * hashing of each other file runs on the pool; lines are written in walk order from a
     * bounded window of pending results.
     */
    private static Result build(Path partial, Optional<Snapshot> previous, WrittenSums written, ExecutorService pool)
            throws IOException {
        Path sumsFile = partial.resolve(Snapshot.META_DIR).resolve("SHA256SUMS");
        MessageDigest sumsDigest = Sha256.digest();
        Tally tally = new Tally();
        Map<Object, byte[]> sharedInodes = new ConcurrentHashMap<>();
        Path previousSums = previous.map(Snapshot::sumsFile).orElse(null);
        Deque<Pending> window = new ArrayDeque<>();
        AtomicFile.write(sumsFile, null, raw -> {
            try (SumsFile.Reader before = previousSums == null ? null : SumsFile.Reader.open(previousSums);
                 SumsFile.Writer out = new SumsFile.Writer(new DigestOutputStream(raw, sumsDigest))) {
                SumsFile.Cursor prior = new SumsFile.Cursor(before);
                TreeWalker walker = TreeWalker.walk(partial, Set.of(Snapshot.META_DIR));
                while (walker.hasNext()) {
                    TreeEntry entry = walker.next();
                    PosixFileAttributes attributes = entry.attributes();
                    if (attributes.isDirectory()) {
                        tally.dirs++;
                    } else if (attributes.isSymbolicLink()) {
                        tally.symlinks++;
                    } else if (!attributes.isRegularFile()) {
                        tally.others++;
                    } else {
                        SumsFile.Line line = previous.isPresent() ? prior.find(entry.relative()) : null;
                        byte[] known = written.get(entry.relative());
                        Future<Sum> sum = known != null ? CompletableFuture.completedFuture(new Sum(known, false))
                                : pool.submit(() -> sum(previous, entry, line, sharedInodes));
                        window.add(new Pending(entry, sum));
                        drain(window, WINDOW, out, tally);
                    }
                }
                drain(window, 0, out, tally);
            }
        });
        return new Result(tally.counts(), HexFormat.of().formatHex(sumsDigest.digest()));
    }

    /** Writes finished results from the head of the window, waiting while it holds more than {@code limit}. */
    private static void drain(Deque<Pending> window, int limit, SumsFile.Writer out, Tally tally) throws IOException {
        while (!window.isEmpty() && (window.size() > limit || window.peek().sum.isDone())) {
            Pending head = window.poll();
            Sum sum = await(head.sum);
            tally.countFile(head.entry.attributes().size(), sum.carried);
            out.write(new SumsFile.Line(head.entry.relative(), sum.sha256));
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

    /** A file whose sum is being computed on the pool. */
    private record Pending(TreeEntry entry, Future<Sum> sum) {
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
