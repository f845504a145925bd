package io.kaizen.backup.transfer.tree;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.OpenDirectory;
import io.kaizen.backup.fs.SpecialFile;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.ImpliedDirs;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer of the Java engine. The walk decides the order of entries (tree order) and the pool makes them;
 * what each entry was made as is recorded in that order ({@link TreeRecords}) from a bounded window of entries
 * whose tasks have not all finished, so the sums pass need not walk the new tree again.
 */
final class TreeCopy {
    private static final Logger LOG = LoggerFactory.getLogger(TreeCopy.class);
    private static final long WALKER_STACK = 512L << 20;
    private static final int RECORD_WINDOW = 1 << 14;
    private static final int BATCH = 32;
    private static final Made NOT_MADE = null;
    private static final int OPEN_DIRECTORIES = 768;

    private final TransferRequest request;
    private final Path partial;
    private final FilterRules filters;
    private final Attributes attributes;
    private final ExtendedAttributes xattrs;
    private final boolean root;
    private final int threads;
    private final long deltaMinSize;
    private final Semaphore inFlight;
    private final Map<Object, HardLinkGroup> hardLinkGroups = new HashMap<>();
    private final TransferProblems problems = new TransferProblems();
    private final ContentCopy content;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong tempNames = new AtomicLong();
    private final AtomicInteger openDirectories = new AtomicInteger();
    private final Deque<Pending> window = new ArrayDeque<>();
    private final List<Runnable> batch = new ArrayList<>(BATCH);
    private DirectoryState batchDir;
    private TreeRecords.Writer record;
    private boolean recordBroken;
    private boolean rootFresh;
    private ExecutorService pool;

    TreeCopy(TransferRequest request, int threads, long deltaMinSize) {
        this.request = request;
        this.partial = request.snapshotRoot();
        this.filters = request.filters();
        this.attributes = Attributes.forThisProcess();
        this.xattrs = ExtendedAttributes.forThisProcess();
        this.root = attributes.setsOwners();
        this.threads = threads;
        this.deltaMinSize = deltaMinSize;
        this.inFlight = new Semaphore(threads * 8);
        this.content = new ContentCopy(problems, attributes, xattrs);
    }

    TransferResult run() {
        Path source = request.source();
        Path origin = request.origin();
        byte[] relative = NativeNames.bytes(source.getRoot().relativize(source));
        FileStat stat;
        try {
            stat = FileStat.of(origin);
        } catch (IOException e) {
            problems.error(origin, e);
            return problems.result();
        }
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "kaizen-copy");
            thread.setDaemon(true);
            return thread;
        });
        record = startRecord(relative, stat);
        try (TreeRecords.Writer recording = record) {
            ImpliedDirs parents = ImpliedDirs.create(partial, source);
            Thread walker = new Thread(null, () -> walkTop(origin, relative, stat), "kaizen-walk", WALKER_STACK);
            walker.start();
            walker.join();
            done.await();
            parents.finish(attributes);
            drain(0);
            recording.finish(rootFresh && !recordBroken && problems.none());
        } catch (IOException e) {
            problems.error(source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.error(source, new IOException("interrupted"));
        } finally {
            pool.shutdownNow();
        }
        return problems.result();
    }

    /** A record of the tree made below a directory source (a file source is not recorded). */
    private TreeRecords.Writer startRecord(byte[] relative, FileStat stat) {
        TreeRecords records = stat.isDirectory() ? request.treeRecords() : TreeRecords.none();
        return records.start(relative, request.linkDests().isEmpty() ? null : request.linkDests().get(0));
    }

    private void walkTop(Path source, byte[] relative, FileStat stat) {
        try {
            if (stat.isDirectory()) {
                walkDirectory(source, relative, stat, null);
            } else {
                Path parent = NativeNames.resolve(partial, relative).getParent();
                DirectoryState top = new DirectoryState(null, null, Xattrs.NONE, null, false,
                        attributes.groupOfNewFiles(FileStat.of(parent)), null, null, null);
                schedule(top, source, relative, stat);
                flush();
                top.release();
            }
        } catch (IOException e) {
            problems.error(source, e);
            done.countDown();
        } catch (RuntimeException e) {
            problems.error(source, new IOException(e));
            done.countDown();
        }
    }

    private void walkDirectory(Path source, byte[] relative, FileStat stat, DirectoryState parent) {
        Path target = NativeNames.resolve(partial, relative);
        boolean fresh = true;
        Xattrs kept;
        try {
            kept = xattrs.read(source);
        } catch (NoSuchFileException e) {
            problems.vanished(source);
            return;
        } catch (IOException e) {
            problems.error(source, e);
            return;
        }
        FileStat made;
        try {
            try {
                Files.createDirectory(target);
            } catch (FileAlreadyExistsException e) {
                fresh = false;
            }
            made = FileStat.of(target);
        } catch (IOException e) {
            problems.error(target, e);
            return;
        }
        if (!made.isDirectory()) {
            problems.error(target, new FileAlreadyExistsException(target.toString(), null, "not a directory"));
            return;
        }
        if (parent == null) {
            rootFresh = fresh;
        } else {
            recordMade(relative, new Made(TreeRecords.Kind.DIRECTORY, 0, null));
        }
        DirectoryState state = new DirectoryState(target, stat, kept, parent, fresh, attributes.groupOfNewFiles(made),
                open(source), open(target), request.linkDests().isEmpty() ? null
                        : open(NativeNames.resolve(request.linkDests().get(0), relative)));
        for (Child listed : children(source)) {
            Path child = source.resolve(listed.name);
            byte[] childRelative = NativeNames.child(relative, listed.bytes);
            FileStat childStat = listed.stat;
            if (listed.problem instanceof NoSuchFileException) {
                problems.vanished(child);
                continue;
            }
            if (listed.problem != null) {
                problems.error(child, listed.problem);
                continue;
            }
            if (filters.excludes(childRelative, childStat.isDirectory())) {
                continue;
            }
            if (childStat.isDirectory()) {
                flush();
                walkDirectory(child, childRelative, childStat, state);
            } else {
                schedule(state, child, childRelative, childStat);
            }
        }
        flush();
        state.release();
    }

    /**
     * {@code directory} open, so the entries in it are reached relative to it ({@code fstatat}, {@code linkat},
     * {@code listxattrat}); null if it cannot be opened, or while {@value #OPEN_DIRECTORIES} are open already (the
     * copy then uses full paths, and never runs out of file descriptors on a deep or wide tree).
     */
    private OpenDirectory open(Path directory) {
        if (openDirectories.incrementAndGet() <= OPEN_DIRECTORIES) {
            try {
                Optional<OpenDirectory> open = OpenDirectory.open(directory);
                if (open.isPresent()) {
                    return open.get();
                }
            } catch (IOException e) {
                LOG.trace("directory {} not open: {}", NativeNames.display(directory), e.getMessage());
            }
        }
        openDirectories.decrementAndGet();
        return null;
    }

    /** {@code open}, or where no directory is held open the working directory (whole paths). */
    private static OpenDirectory within(OpenDirectory open) {
        return open != null ? open : OpenDirectory.workingDirectory();
    }

    /**
     * The entries of {@code dir} in tree order, each with its {@code lstat} or the problem reading it. The stats are
     * read relative to the open directory ({@code fstatat}), so the kernel does not resolve the directory's path
     * again for each entry.
     */
    private List<Child> children(Path dir) {
        List<byte[]> names = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(NativeNames.bytes(entry.getFileName()));
            }
            names.sort(Arrays::compareUnsigned);
            for (byte[] name : names) {
                children.add(child(entries, dir, name));
            }
        } catch (NoSuchFileException e) {
            problems.vanished(dir);
        } catch (IOException | UncheckedIOException e) {
            problems.error(dir, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        return children;
    }

    private static Child child(DirectoryStream<Path> entries, Path dir, byte[] bytes) {
        Path name = NativeNames.path(dir.getFileSystem(), bytes);
        try {
            PosixFileAttributes read = entries instanceof SecureDirectoryStream<Path> open
                    ? open.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes()
                    : Files.readAttributes(dir.resolve(name), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Child(bytes, name, FileStat.of(read), null);
        } catch (IOException e) {
            return new Child(bytes, name, null, e);
        }
    }

    /** Decides hard-link leaders here, on the walker thread, so the result does not depend on timing. */
    private void schedule(DirectoryState dir, Path source, byte[] relative, FileStat stat) {
        Path target = NativeNames.resolve(partial, relative);
        CompletableFuture<Made> made = record.keeps() ? new CompletableFuture<>() : null;
        if (made != null) {
            window.add(new Pending(relative, made));
            drain(RECORD_WINDOW);
        }
        if (stat.isFile() && stat.links() > 1) {
            HardLinkGroup group = hardLinkGroups.get(stat.fileKey());
            if (group == null) {
                HardLinkGroup leader = new HardLinkGroup(stat.links());
                hardLinkGroups.put(stat.fileKey(), leader);
                submit(dir, target, made, () -> {
                    Made result = NOT_MADE;
                    try {
                        result = copyOrLinkFile(dir, source, relative, target, stat);
                        return result;
                    } finally {
                        leader.made.complete(result != NOT_MADE ? target : null);
                    }
                });
                return;
            }
            if (++group.seen >= group.links) {
                hardLinkGroups.remove(stat.fileKey());
            }
            submit(dir, target, made, () -> linkToLeader(dir, group, source, relative, target, stat));
            return;
        }
        submit(dir, target, made, () -> make(dir, source, relative, target, stat));
    }

    /**
     * Adds a task for the entry {@code target} to the batch of its directory; a failure is counted and named after
     * the entry. What the task made completes {@code made} (if the tree is recorded).
     */
    private void submit(DirectoryState dir, Path target, CompletableFuture<Made> made, Task task) {
        if (batchDir != dir) {
            flush();
            batchDir = dir;
        }
        batch.add(() -> {
            Made result = NOT_MADE;
            try {
                result = task.run();
            } catch (IOException e) {
                problems.error(target, e);
            } catch (RuntimeException e) {
                problems.error(target, new IOException(e));
            } finally {
                if (made != null) {
                    made.complete(result);
                }
            }
        });
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    /**
     * Hands the batch to the pool: one task per {@value #BATCH} entries of a directory, not one per entry, so an
     * unchanged tree (a stat and a link per file) does not pay a thread hand-off per file. The walk flushes before
     * it enters a subdirectory, so batches reach the pool in walk order (a hard-link group's leader before the
     * names that wait for it).
     */
    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> entries = List.copyOf(batch);
        DirectoryState dir = batchDir;
        batch.clear();
        dir.hold();
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                entries.forEach(Runnable::run);
            } finally {
                inFlight.release();
                dir.release();
            }
        });
    }

    /** Records an entry made on the walker thread, in its place in tree order. */
    private void recordMade(byte[] relative, Made made) {
        if (record.keeps()) {
            window.add(new Pending(relative, CompletableFuture.completedFuture(made)));
            drain(RECORD_WINDOW);
        }
    }

    /**
     * Writes the entries at the head of the window whose tasks are done, waiting for the head while the window
     * holds more than {@code limit}. An entry that was not made (a problem the transfer counts) ends the record.
     */
    private void drain(int limit) {
        if (window.size() > limit) {
            flush();
        }
        while (!window.isEmpty() && (window.size() > limit || window.peek().made.isDone())) {
            Pending head = window.poll();
            Made made = head.made.join();
            if (made == NOT_MADE || recordBroken) {
                recordBroken = true;
                continue;
            }
            try {
                record.add(new TreeRecords.Entry(head.relative, made.kind, made.size, made.sha256));
            } catch (IOException e) {
                LOG.debug("tree record: {}; the sums pass walks the tree", e.getMessage());
                recordBroken = true;
            }
        }
    }

    private Made make(DirectoryState dir, Path source, byte[] relative, Path target, FileStat stat)
            throws IOException {
        switch (stat.type()) {
            case FILE -> {
                return copyOrLinkFile(dir, source, relative, target, stat);
            }
            case SYMLINK -> {
                return symlink(dir, source, relative, target, stat);
            }
            case FIFO -> {
                return special(dir, source, target, stat, 0);
            }
            case CHARACTER_DEVICE, BLOCK_DEVICE -> {
                return device(dir, source, target, stat);
            }
            case SOCKET -> {
                problems.skipped(source, "a socket");
                return NOT_MADE;
            }
            default -> throw new IOException("unexpected entry type " + stat.type());
        }
    }

    /**
     * Hard-links a symlink unchanged since a previous snapshot (same target, mtime, owner and attributes), as rsync's
     * {@code --link-dest} does, else makes it and sets its owner and mtime.
     */
    private Made symlink(DirectoryState dir, Path source, byte[] relative, Path target, FileStat stat)
            throws IOException {
        Path pointsTo;
        Xattrs kept;
        try {
            kept = xattrs.read(source);
            pointsTo = Files.readSymbolicLink(source);
        } catch (NoSuchFileException e) {
            problems.vanished(source);
            return NOT_MADE;
        }
        for (Path linkDest : request.linkDests()) {
            Path previous = NativeNames.resolve(linkDest, relative);
            if (sameSymlink(stat, pointsTo, previous) && xattrs.same(source, previous)
                    && link(dir, target, previous, null)) {
                return new Made(TreeRecords.Kind.SYMLINK, 0, null);
            }
        }
        Files.createSymbolicLink(target, pointsTo);
        attributes.apply(target, stat);
        writeXattrs(target, stat, kept, dir.fresh);
        return new Made(TreeRecords.Kind.SYMLINK, 0, null);
    }

    private boolean sameSymlink(FileStat now, Path pointsTo, Path previous) {
        try {
            FileStat before = FileStat.of(previous);
            return before.type() == FileStat.Type.SYMLINK && before.mtimeNanos() == now.mtimeNanos()
                    && before.gid() == now.gid() && (!root || before.uid() == now.uid())
                    && Files.readSymbolicLink(previous).equals(pointsTo);
        } catch (IOException e) {
            return false;
        }
    }

    private Made device(DirectoryState dir, Path source, Path target, FileStat stat) throws IOException {
        if (!root) {
            problems.skipped(source, "a device (only root can make devices)");
            return NOT_MADE;
        }
        return special(dir, source, target, stat,
                FileStat.deviceNumber(Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
    }

    private Made special(DirectoryState dir, Path source, Path target, FileStat stat, long device)
            throws IOException {
        Xattrs kept = xattrs.read(source);
        Optional<String> problem = SpecialFile.make(target, stat.type(), device);
        if (problem.isPresent()) {
            problems.skipped(source, "a special file mknod could not make: " + problem.get());
            return NOT_MADE;
        }
        attributes.apply(target, stat);
        writeXattrs(target, stat, kept, dir.fresh);
        return new Made(TreeRecords.Kind.OTHER, 0, null);
    }

    /**
     * Sets an entry's extended attributes and ACLs, after its owner (chown clears a file capability) and mode. A
     * store whose file system keeps none is a warning, named once, not an error per file. A user other than root
     * needs write permission to set {@code user.} attributes: a file or directory without it for its owner gets
     * it for that moment, as rsync does.
     */
    private void writeXattrs(Path target, FileStat stat, Xattrs kept, boolean fresh) throws IOException {
        try {
            xattrs.write(target, kept, fresh);
        } catch (ExtendedAttributes.NotSupported e) {
            problems.xattrsNotSupported(target, e.getReason());
        } catch (AccessDeniedException e) {
            if (root || (stat.mode() & 0200) != 0 || !(stat.isFile() || stat.isDirectory())) {
                throw e;
            }
            Files.setAttribute(target, "unix:mode", stat.mode() | 0200, LinkOption.NOFOLLOW_LINKS);
            xattrs.write(target, kept, fresh);
            Files.setAttribute(target, "unix:mode", stat.mode(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Links to the previous snapshot's copy if unchanged, else copies; a changed file of at least the delta size
     * is rebuilt from its previous copy by rsync's delta algorithm. A previous copy that cannot be read (gone, a
     * parent that is now a file) or linked (at its hard-link limit) just means copying. Returns what the target
     * was made as, or null if it was not made.
     */
    private Made copyOrLinkFile(DirectoryState dir, Path source, byte[] relative, Path target, FileStat stat)
            throws IOException {
        Path basis = null;
        List<Path> linkDests = request.linkDests();
        for (int i = 0; i < linkDests.size(); i++) {
            Path previous = NativeNames.resolve(linkDests.get(i), relative);
            OpenDirectory previousIn = i == 0 ? dir.previous : null;
            FileStat before;
            try {
                before = previousIn != null ? previousIn.stat(target.getFileName()) : FileStat.of(previous);
            } catch (IOException e) {
                continue;
            }
            if (unchanged(source, dir.source, stat, previous, previousIn, before)) {
                if (!link(dir, target, previous, previousIn)) {
                    return copy(dir, source, relative, target, stat, null);
                }
                return new Made(i == 0 ? TreeRecords.Kind.LINKED : TreeRecords.Kind.FILE, stat.size(), null);
            }
            if (basis == null && before.isFile() && deltaMinSize > 0 && stat.size() >= deltaMinSize) {
                basis = previous;
            }
        }
        return copy(dir, source, relative, target, stat, basis);
    }

    /** Whether {@code previous} may stand for {@code source}; each is listed relative to its directory if open. */
    private boolean unchanged(Path source, OpenDirectory sourceIn, FileStat now, Path previous,
                              OpenDirectory previousIn, FileStat before) throws IOException {
        return now.sameForLinking(before, root) && xattrs.same(source, sourceIn, previous, previousIn)
                && (!request.checksum() || Files.mismatch(source, previous) == -1L);
    }

    /**
     * Copies into a temporary name beside the target, hashing the bytes as they are written (the sum goes to the
     * request's written sums, so the sums pass need not read the file again), or with a {@code basis} rebuilds it
     * from the basis and a delta; sets the attributes, renames. The attributes are those the walk saw, as rsync
     * takes them from its file list.
     */
    private Made copy(DirectoryState dir, Path source, byte[] relative, Path target, FileStat stat, Path basis)
            throws IOException {
        if (!dir.fresh && alreadyThere(source, target, stat)) {
            return new Made(TreeRecords.Kind.FILE, stat.size(), null);
        }
        Path temp = target.resolveSibling(".kaizen-tmp." + tempNames.incrementAndGet());
        if (basis == null) {
            ContentCopy.Written written = content.copyWhole(within(dir.source), source, within(dir.made), temp, target, stat,
                    dir.groupOfNewFiles, (file, kept) -> writeXattrs(file, stat, kept, dir.fresh));
            if (written == null) {
                return NOT_MADE;
            }
            request.writtenSums().put(relative, written.sha256());
            return new Made(TreeRecords.Kind.WRITTEN, written.size(), written.sha256());
        }
        if (!content.rebuildFrom(basis, source, temp, target, stat, dir.groupOfNewFiles,
                (file, kept) -> writeXattrs(file, stat, kept, dir.fresh))) {
            return NOT_MADE;
        }
        return new Made(TreeRecords.Kind.FILE, stat.size(), null);
    }

    /**
     * A file already made in the partial by an earlier step (the reflink seeding of large files) that passes the
     * same check as a previous copy is kept, as rsync keeps an up-to-date destination file. Only directories that
     * existed before this copy can hold one.
     */
    private boolean alreadyThere(Path source, Path target, FileStat stat) throws IOException {
        try {
            return unchanged(source, null, stat, target, null, FileStat.of(target));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private Made linkToLeader(DirectoryState dir, HardLinkGroup group, Path source, byte[] relative, Path target,
                              FileStat stat) throws IOException {
        Path leader;
        try {
            leader = group.made.get();
        } catch (ExecutionException e) {
            leader = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (leader == null) {
            return copyOrLinkFile(dir, source, relative, target, stat);
        }
        if (!link(dir, target, leader, null)) {
            return copy(dir, source, relative, target, stat, null);
        }
        return new Made(TreeRecords.Kind.FILE, stat.size(), null);
    }

    /**
     * Hard-links {@code target}, in {@code dir}, to {@code existing}, relative to the open directories
     * ({@code linkat}) where both are open ({@code existingIn} and the target's), else by path; false, counted,
     * when the link is refused: the file is at its file system's hard-link limit (ext4: 65,000; EMLINK) or the
     * store cannot hard-link at all (EPERM), and the caller copies it to a fresh inode, as rsync does.
     */
    private boolean link(DirectoryState dir, Path target, Path existing, OpenDirectory existingIn)
            throws IOException {
        try {
            if (existingIn != null && dir.made != null) {
                existingIn.link(existing.getFileName(), dir.made, target.getFileName());
            } else {
                Files.createLink(target, existing);
            }
            return true;
        } catch (FileAlreadyExistsException | NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            problems.linkRefused(target, e.getReason() != null ? e.getReason() : e.getMessage());
            return false;
        }
    }

    @FunctionalInterface
    private interface Task {
        Made run() throws IOException;
    }

    /** What an entry was made as, for the tree record: its kind, a file's size, and its sum if it was written. */
    private record Made(TreeRecords.Kind kind, long size, byte[] sha256) {
    }

    /** An entry of a listed directory: its name (as bytes and as a path), and its stat or the problem reading it. */
    private record Child(byte[] bytes, Path name, FileStat stat, IOException problem) {
    }

    /** An entry in the record's window, in tree order, and what its task made (once done). */
    private record Pending(byte[] relative, CompletableFuture<Made> made) {
    }

    /** The members of a source hard-link group: the first one decides, the others link to it. */
    private static final class HardLinkGroup {
        final CompletableFuture<Path> made = new CompletableFuture<>();
        final long links;
        long seen = 1;

        HardLinkGroup(long links) {
            this.links = links;
        }
    }

    /**
     * A directory whose attributes are set when the walk and every task below it are done; whether this copy made
     * it (so it held nothing before), the group its new entries get, and, open until then (each null if not open),
     * the source directory, the directory made, and the same directory in the first previous snapshot.
     */
    private final class DirectoryState {
        final Path target;
        final FileStat stat;
        final Xattrs kept;
        final DirectoryState parent;
        final boolean fresh;
        final int groupOfNewFiles;
        final OpenDirectory source;
        final OpenDirectory made;
        final OpenDirectory previous;
        final AtomicInteger pending = new AtomicInteger(1);

        DirectoryState(Path target, FileStat stat, Xattrs kept, DirectoryState parent, boolean fresh,
                       int groupOfNewFiles, OpenDirectory source, OpenDirectory made, OpenDirectory previous) {
            this.target = target;
            this.stat = stat;
            this.kept = kept;
            this.parent = parent;
            this.fresh = fresh;
            this.groupOfNewFiles = groupOfNewFiles;
            this.source = source;
            this.made = made;
            this.previous = previous;
            if (parent != null) {
                parent.hold();
            }
        }

        void hold() {
            pending.incrementAndGet();
        }

        void release() {
            if (pending.decrementAndGet() > 0) {
                return;
            }
            close(source);
            close(made);
            close(previous);
            if (target != null) {
                try {
                    attributes.apply(target, stat);
                    writeXattrs(target, stat, kept, fresh);
                } catch (IOException e) {
                    problems.error(target, e);
                }
            }
            if (parent != null) {
                parent.release();
            } else {
                done.countDown();
            }
        }

        private void close(OpenDirectory open) {
            if (open == null) {
                return;
            }
            try {
                open.close();
            } catch (IOException e) {
                LOG.trace("closing {}: {}", open.path(), e.getMessage());
            }
            openDirectories.decrementAndGet();
        }
    }
}
