package io.kaizen.backup.collect.pull;

import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.HashingChannel;
import io.kaizen.backup.fs.SafeParents;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentException;
import io.kaizen.backup.remote.agent.RemoteEntry;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.SpecialFile;
import io.kaizen.backup.transfer.delta.DeltaApplier;
import io.kaizen.backup.transfer.delta.DeltaStats;
import io.kaizen.backup.transfer.delta.DeltaWire;
import io.kaizen.backup.transfer.delta.Signature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Second pass of a pull: builds the partial snapshot from the spool. A planner thread reads the spool, settles
 * each file (hard link to the previous copy, local copy, whole fetch, or delta against the previous copy) and
 * sends the requests ahead; the calling thread applies the actions in the same order, reading the answers.
 * Every file written is hashed as it is written and must match the node's SHA256SUMS line; every size must be
 * exactly what was listed. Files are created with {@code O_CREAT|O_EXCL|O_NOFOLLOW} below directories this pass
 * created itself, so nothing is written through a symlink or outside the partial.
 */
final class PullApplier {
    private static final int QUEUE = 512;
    private static final Action END = new Action(null, Kind.END, null, 0, 0);

    enum Kind { DIRECTORY, SYMLINK, OTHER, HARDLINK, LINK_PREVIOUS, COPY_PREVIOUS, FETCH, DELTA, END }

    private record Action(SpoolRecord record, Kind kind, Path previous, long previousLength, int blockSize) {
    }

    private final AgentClient client;
    private final SnapshotName name;
    private final Path partial;
    private final Optional<Path> previousDir;
    private final Path spool;
    private final boolean asRoot;
    private final Attributes attributes = Attributes.forThisProcess();
    private final Consumer<String> warnings;
    private final BlockingQueue<Action> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile Throwable plannerFailure;
    private volatile boolean cancelled;
    private final Tally tally = new Tally();

    PullApplier(AgentClient client, SnapshotName name, Path partial, Optional<Path> previousDir, Path spool,
                boolean asRoot, Consumer<String> warnings) {
        this.client = client;
        this.name = name;
        this.partial = partial;
        this.previousDir = previousDir;
        this.spool = spool;
        this.asRoot = asRoot;
        this.warnings = warnings;
    }

    Tally run() throws IOException {
        Thread planner = new Thread(this::plan, "kaizen-pull-planner");
        planner.setDaemon(true);
        planner.start();
        try {
            apply();
            return tally;
        } finally {
            cancelled = true;
            planner.interrupt();
        }
    }

    // ---- planner thread

    private void plan() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16))) {
            SafeParents previousParents = previousDir.map(SafeParents::new).orElse(null);
            int unflushed = 0;
            Optional<SpoolRecord> next;
            while ((next = SpoolRecord.read(in)).isPresent() && !cancelled) {
                SpoolRecord record = next.get();
                Action action = settle(record, previousParents);
                if (action.kind() == Kind.FETCH) {
                    client.sendFile(name, record.entry().path());
                    unflushed++;
                } else if (action.kind() == Kind.DELTA) {
                    unflushed++;
                }
                if (!queue.offer(action)) {
                    client.flush();
                    unflushed = 0;
                    while (!cancelled && !queue.offer(action, 100, TimeUnit.MILLISECONDS)) {
                        // the applier is busy; wait
                    }
                }
                if (unflushed > 0 && (unflushed >= 64 || queue.size() < 16)) {
                    client.flush();
                    unflushed = 0;
                }
            }
            client.flush();
            while (!cancelled && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                // wait for room
            }
        } catch (Throwable e) {
            plannerFailure = e;
        }
    }

    private Action settle(SpoolRecord record, SafeParents previousParents) throws IOException {
        RemoteEntry entry = record.entry();
        return switch (record.decision()) {
            case PullListing.DIRECTORY -> new Action(record, Kind.DIRECTORY, null, 0, 0);
            case PullListing.SYMLINK -> new Action(record, Kind.SYMLINK, null, 0, 0);
            case PullListing.OTHER -> new Action(record, Kind.OTHER, null, 0, 0);
            case PullListing.HARDLINK -> new Action(record, Kind.HARDLINK, null, 0, 0);
            case PullListing.SAME_AS_PREVIOUS -> {
                Map<String, Object> old = previousFile(entry.path(), previousParents);
                if (old == null || (long) old.get("size") != entry.size()) {
                    yield new Action(record, Kind.FETCH, null, 0, 0);
                }
                Path previous = NativeNames.resolve(previousDir.get(), entry.path());
                yield new Action(record, sameAttributes(old, entry) ? Kind.LINK_PREVIOUS : Kind.COPY_PREVIOUS,
                        previous, entry.size(), 0);
            }
            case PullListing.CHANGED_FROM_PREVIOUS -> {
                Map<String, Object> old = previousFile(entry.path(), previousParents);
                long length = old == null ? 0 : (long) old.get("size");
                if (old == null || length == 0 || entry.size() == 0) {
                    yield new Action(record, Kind.FETCH, null, 0, 0);
                }
                Path previous = NativeNames.resolve(previousDir.get(), entry.path());
                Signature signature;
                try (FileChannel in = FileChannel.open(previous, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    signature = Signature.of(in, length);
                } catch (IOException e) {
                    yield new Action(record, Kind.FETCH, null, 0, 0);
                }
                client.sendDelta(name, entry.path(), signature);
                yield new Action(record, Kind.DELTA, previous, length, signature.blockSize());
            }
            default -> new Action(record, Kind.FETCH, null, 0, 0);
        };
    }

    /** The previous copy's unix attributes at {@code path} if it is a regular file reached through real directories. */
    private Map<String, Object> previousFile(byte[] path, SafeParents parents) {
        if (previousDir.isEmpty() || !parents.check(path)) {
            return null;
        }
        try {
            Map<String, Object> attributes = Files.readAttributes(NativeNames.resolve(previousDir.get(), path),
                    "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            return ((int) attributes.get("mode") & 0170000) == 0100000 ? attributes : null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean sameAttributes(Map<String, Object> old, RemoteEntry entry) {
        FileTime mtime = (FileTime) old.get("lastModifiedTime");
        return ((int) old.get("mode") & 07777) == entry.mode()
                && mtime.toInstant().equals(Instant.ofEpochSecond(entry.mtimeSeconds(), entry.mtimeNanos()))
                && (!asRoot || ((int) old.get("uid") == entry.uid() && (int) old.get("gid") == entry.gid()));
    }

    // ---- applying thread

    private void apply() throws IOException {
        Deque<SpoolRecord> openDirs = new ArrayDeque<>();
        SafeParents partialParents = new SafeParents(partial);
        while (true) {
            Action action = take();
            if (action.kind() == Kind.END) {
                break;
            }
            RemoteEntry entry = action.record().entry();
            while (!openDirs.isEmpty() && !RelativePaths.isWithin(entry.path(), openDirs.peek().entry().path())) {
                finishDirectory(openDirs.pop().entry());
            }
            Path target = NativeNames.resolve(partial, entry.path());
            switch (action.kind()) {
                case DIRECTORY -> {
                    Files.createDirectory(target);
                    openDirs.push(action.record());
                    tally.dirs++;
                }
                case SYMLINK -> {
                    Files.createSymbolicLink(target, NativeNames.path(partial.getFileSystem(), entry.symlinkTarget()));
                    if (asRoot) {
                        setOwner(target, entry);
                    }
                    setMtime(target, entry);
                    tally.symlinks++;
                }
                case OTHER -> special(entry, target);
                case HARDLINK -> hardLink(action.record(), target, partialParents);
                case LINK_PREVIOUS -> {
                    try {
                        Files.createLink(target, action.previous());
                        tally.files++;
                        tally.linked++;
                    } catch (FileSystemException e) {
                        copyPrevious(action, target);
                    }
                }
                case COPY_PREVIOUS -> copyPrevious(action, target);
                case FETCH -> fetch(action.record(), target);
                case DELTA -> delta(action, target);
                default -> throw new IllegalStateException(action.kind().toString());
            }
        }
        while (!openDirs.isEmpty()) {
            finishDirectory(openDirs.pop().entry());
        }
    }

    private Action take() throws IOException {
        while (true) {
            Action action;
            try {
                action = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (action != null) {
                return action;
            }
            Throwable failure = plannerFailure;
            if (failure != null) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(failure);
            }
        }
    }

    /**
     * Makes a fifo or device as the node listed it, when this collector runs as root (as rsync -a does with
     * devices); anything else is skipped with a counted warning.
     */
    private void special(RemoteEntry entry, Path target) throws IOException {
        FileStat.Type type = switch (entry.type()) {
            case FIFO -> FileStat.Type.FIFO;
            case CHARACTER_DEVICE -> FileStat.Type.CHARACTER_DEVICE;
            case BLOCK_DEVICE -> FileStat.Type.BLOCK_DEVICE;
            default -> null;
        };
        String skipped = entry.type() == RemoteEntry.Type.SOCKET ? "a socket"
                : type == null ? "a device, fifo or socket, which the node's agent does not tell apart (an older kaizen)"
                : !asRoot ? "only a collector running as root recreates fifos and devices"
                : SpecialFile.make(target, type, entry.device()).map(e -> "mknod could not make it: " + e).orElse(null);
        if (skipped != null) {
            tally.skippedSpecial++;
            warnings.accept("skipped '" + entry.display() + "': " + skipped);
            return;
        }
        attributes.apply(target, new FileStat(type, entry.mode(), entry.uid(), entry.gid(), 1, 0,
                entry.mtimeSeconds() * 1_000_000_000L + entry.mtimeNanos(), null));
        tally.specials++;
    }

    private void hardLink(SpoolRecord record, Path target, SafeParents partialParents) throws IOException {
        byte[] to = record.entry().hardLinkTo();
        Path existing = NativeNames.resolve(partial, to);
        if (!partialParents.check(to) || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, "'" + record.entry().display()
                    + "' is a hard link to '" + NativeNames.display(to) + "', which is not a file of this snapshot");
        }
        byte[] actual = Sha256.of(existing);
        if (!Arrays.equals(actual, record.sha256())) {
            throw new VerificationException("'" + record.entry().display() + "' (a hard link to '"
                    + NativeNames.display(to) + "') does not match its SHA256SUMS line");
        }
        Files.createLink(target, existing);
        tally.files++;
        tally.hardLinks++;
    }

    private void copyPrevious(Action action, Path target) throws IOException {
        SpoolRecord record = action.record();
        try (FileChannel in = FileChannel.open(action.previous(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = create(target)) {
            HashingChannel hashing = bounded(out, record.entry().size());
            long done = 0;
            while (done < action.previousLength()) {
                long n = in.transferTo(done, action.previousLength() - done, hashing);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            check(record, hashing, "local copy");
        }
        finishFile(target, record.entry());
        tally.files++;
        tally.copiedLocally++;
    }

    private void fetch(SpoolRecord record, Path target) throws IOException {
        RemoteEntry entry = record.entry();
        AgentClient.Body body = client.nextBody("content of '" + entry.display() + "'");
        try (FileChannel out = create(target)) {
            HashingChannel hashing = bounded(out, entry.size());
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) > 0) {
                hashing.write(ByteBuffer.wrap(buffer, 0, n));
            }
            check(record, hashing, "content");
        }
        finishFile(target, entry);
        tally.files++;
        tally.fetched++;
        tally.bytesFetched += entry.size();
    }

    private void delta(Action action, Path target) throws IOException {
        RemoteEntry entry = action.record().entry();
        AgentClient.Body body = client.nextBody("delta of '" + entry.display() + "'");
        try (FileChannel old = FileChannel.open(action.previous(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = create(target)) {
            HashingChannel hashing = bounded(out, entry.size());
            DeltaStats stats = new DeltaStats(new DeltaApplier(old, action.previousLength(), action.blockSize(), hashing));
            DeltaWire.replay(new DataInputStream(body), stats, action.blockSize(), entry.size());
            body.finish(0);
            check(action.record(), hashing, "delta");
            tally.deltaLiteral += stats.literalBytes();
            tally.deltaMatched += hashing.written() - stats.literalBytes();
        }
        finishFile(target, entry);
        tally.files++;
        tally.deltas++;
    }

    private static void check(SpoolRecord record, HashingChannel hashing, String what) {
        RemoteEntry entry = record.entry();
        if (hashing.written() != entry.size()) {
            throw new AgentException(AgentException.Kind.UNTRUSTED_INPUT, what + " of '" + entry.display() + "' ended after "
                    + hashing.written() + " of the " + entry.size() + " bytes listed");
        }
        if (!Arrays.equals(hashing.digest(), record.sha256())) {
            throw new VerificationException("'" + entry.display() + "' does not match its SHA256SUMS line");
        }
    }

    /** A channel that hashes what the node sends for a file and refuses more than the size it listed. */
    private static HashingChannel bounded(FileChannel out, long size) {
        return HashingChannel.bounded(out, size, limit -> new AgentException(AgentException.Kind.UNTRUSTED_INPUT,
                "the node sent more than the " + limit + " bytes it listed"));
    }

    private static FileChannel create(Path target) throws IOException {
        return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    private void finishFile(Path path, RemoteEntry entry) throws IOException {
        if (asRoot) {
            setOwner(path, entry);
        }
        Files.setAttribute(path, "unix:mode", entry.mode(), LinkOption.NOFOLLOW_LINKS);
        setMtime(path, entry);
    }

    private void finishDirectory(RemoteEntry entry) throws IOException {
        Path path = NativeNames.resolve(partial, entry.path());
        finishFile(path, entry);
    }

    private static void setOwner(Path path, RemoteEntry entry) throws IOException {
        Files.setAttribute(path, "unix:uid", entry.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", entry.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private static void setMtime(Path path, RemoteEntry entry) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(entry.mtimeSeconds(), entry.mtimeNanos())), null, null);
    }

    /** Counts of what was applied. */
    static final class Tally {
        long files;
        long dirs;
        long symlinks;
        long specials;
        long skippedSpecial;
        long linked;
        long copiedLocally;
        long hardLinks;
        long fetched;
        long deltas;
        long bytesFetched;
        long deltaLiteral;
        long deltaMatched;
    }
}
