package io.kaizen.backup.collect.pull;

import io.kaizen.backup.fs.Attributes;
import io.kaizen.backup.fs.ExtendedAttributes;
import io.kaizen.backup.fs.FileStat;
import io.kaizen.backup.fs.HashingChannel;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RelativePaths;
import io.kaizen.backup.fs.SafeParents;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.fs.SpecialFile;
import io.kaizen.backup.fs.Xattrs;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentException;
import io.kaizen.backup.remote.agent.RemoteEntry;
import io.kaizen.backup.store.SpecialsFile;
import io.kaizen.backup.store.XattrsFile;
import io.kaizen.backup.transfer.delta.DeltaApplier;
import io.kaizen.backup.transfer.delta.DeltaStats;
import io.kaizen.backup.transfer.delta.DeltaWire;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.function.Consumer;

/**
 * The writing half of the second pass: carries out the {@link PullPlanner}'s actions in order, reading the node's
 * answers to the planner's requests; the only code of a pull that writes into the partial. Every file written is
 * hashed as it is written and must match the node's SHA256SUMS line; every size must be exactly what was listed.
 * Files are created with {@code O_CREAT|O_EXCL|O_NOFOLLOW} below directories this pass created itself, so nothing
 * is written through a symlink or outside the partial. A directory's attributes are set when its last entry is
 * written. Unless devices are preserved, device nodes are not made and regular files get their set-id bits
 * cleared: both are recorded in the partial's {@code .kaizen/specials} ({@link SpecialsFile}) instead. Each entry
 * gets the node's ACLs and {@code user.} attributes; its other attributes (file capabilities, SELinux labels,
 * {@code trusted.}) are live only when a root collector preserves devices, else recorded in
 * {@code .kaizen/xattrs} ({@link XattrsFile}).
 */
final class PullWriter {
    private static final int BUFFER = 1 << 16;

    private final AgentClient client;
    private final Path partial;
    private final boolean asRoot;
    private final boolean preserveDevices;
    private final PullOptions options;
    private final Attributes attributes = Attributes.forThisProcess();
    private final ExtendedAttributes xattrs = ExtendedAttributes.forThisProcess();
    private final Consumer<String> warnings;
    private final Tally tally = new Tally();
    private OutputStream specials;
    private OutputStream recordedXattrs;
    private boolean xattrsNotSupported;

    /** The planner's actions, in order, ending with {@link PullAction#END}. */
    @FunctionalInterface
    interface Actions {
        PullAction next() throws IOException;
    }

    PullWriter(AgentClient client, Path partial, PullOptions options, Consumer<String> warnings) {
        this.client = client;
        this.partial = partial;
        this.asRoot = options.asRoot();
        this.preserveDevices = options.preserveDevices();
        this.options = options;
        this.warnings = warnings;
    }

    /** Carries out every action up to the end; returns the counts. */
    Tally write(Actions actions) throws IOException {
        try {
            writeAll(actions);
        } finally {
            if (specials != null) {
                specials.close();
            }
            if (recordedXattrs != null) {
                recordedXattrs.close();
            }
        }
        return tally;
    }

    private void writeAll(Actions actions) throws IOException {
        Deque<SpoolRecord> openDirs = new ArrayDeque<>();
        SafeParents partialParents = new SafeParents(partial);
        while (true) {
            PullAction action = actions.next();
            if (action.kind() == PullAction.Kind.END) {
                break;
            }
            RemoteEntry entry = action.record().entry();
            while (!openDirs.isEmpty() && !RelativePaths.isWithin(entry.path(), openDirs.peek().entry().path())) {
                finishDirectory(openDirs.pop().entry());
            }
            Path target = NativeNames.resolve(partial, entry.path());
            recordXattrs(entry);
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
                    writeXattrs(target, entry);
                    Attributes.setSymlinkMtime(target, entry.mtimeSeconds() * 1_000_000_000L + entry.mtimeNanos());
                    tally.symlinks++;
                }
                case OTHER -> special(entry, target);
                case HARDLINK -> hardLink(action.record(), target, partialParents);
                case LINK_PREVIOUS -> {
                    try {
                        Files.createLink(target, action.previous());
                        recordSetId(entry);
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

    /**
     * Whether a node's extended attribute is made live in the store: the ACLs and {@code user.} attributes always;
     * file capabilities, SELinux labels and {@code trusted.} attributes only when a root collector preserves
     * devices (as set-id bits), else they are recorded.
     */
    static boolean live(String name, PullOptions options) {
        return name.equals(Xattrs.ACCESS_ACL) || name.equals(Xattrs.DEFAULT_ACL) || name.startsWith("user.")
                || (options.preserveDevices() && options.asRoot());
    }

    /** Records the node's attributes of {@code entry} that the store does not make live. */
    private void recordXattrs(RemoteEntry entry) throws IOException {
        if (entry.xattrs().isEmpty()) {
            return;
        }
        for (var attribute : entry.xattrs().only(name -> !live(name, options)).values().entrySet()) {
            if (recordedXattrs == null) {
                recordedXattrs = new BufferedOutputStream(Files.newOutputStream(XattrsFile.of(partial),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
            }
            recordedXattrs.write(XattrsFile.format(new XattrsFile.Entry(entry.path(), attribute.getKey(),
                    attribute.getValue())));
        }
    }

    /**
     * Gives a new entry the node's attributes the store makes live. A store whose file system keeps none is one
     * warning per pull, not an error per entry.
     */
    private void writeXattrs(Path path, RemoteEntry entry) throws IOException {
        Xattrs wanted = entry.xattrs().only(name -> live(name, options));
        if (wanted.isEmpty()) {
            return;
        }
        try {
            xattrs.write(path, wanted, true);
        } catch (ExtendedAttributes.NotSupported e) {
            if (!xattrsNotSupported) {
                xattrsNotSupported = true;
                warnings.accept("ACLs and extended attributes not kept: the collector store's file system does not "
                        + "support them (first: " + entry.display() + ": " + e.getReason() + ")");
            }
        }
    }

    /** The mode a regular file of the node gets in the store: its own, less set-id bits unless preserved. */
    static int storedMode(RemoteEntry entry, boolean preserveDevices) {
        return preserveDevices || entry.type() != RemoteEntry.Type.FILE ? entry.mode() : entry.mode() & ~06000;
    }

    /** Records a regular file whose set-id bits the store does not carry. */
    private void recordSetId(RemoteEntry entry) throws IOException {
        if (storedMode(entry, preserveDevices) != entry.mode()) {
            record(entry, SpecialsFile.Type.SET_ID_FILE, 0);
        }
    }

    private void record(RemoteEntry entry, SpecialsFile.Type type, long device) throws IOException {
        if (specials == null) {
            specials = new BufferedOutputStream(Files.newOutputStream(SpecialsFile.of(partial),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        }
        specials.write(SpecialsFile.format(new SpecialsFile.Entry(type, entry.path(), entry.mode(), entry.uid(),
                entry.gid(), SpecialFile.major(device), SpecialFile.minor(device), entry.mtimeSeconds(),
                entry.mtimeNanos())));
    }

    /**
     * Makes a fifo or device as the node listed it, when this collector runs as root (as rsync -a does with
     * devices), or records a device in {@code .kaizen/specials} unless devices are preserved; anything else is
     * skipped with a counted warning.
     */
    private void special(RemoteEntry entry, Path target) throws IOException {
        boolean device = entry.type() == RemoteEntry.Type.CHARACTER_DEVICE || entry.type() == RemoteEntry.Type.BLOCK_DEVICE;
        if (device && !preserveDevices) {
            record(entry, entry.type() == RemoteEntry.Type.CHARACTER_DEVICE ? SpecialsFile.Type.CHARACTER_DEVICE
                    : SpecialsFile.Type.BLOCK_DEVICE, entry.device());
            tally.specials++;
            return;
        }
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
        writeXattrs(target, entry);
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
        recordSetId(record.entry());
        tally.files++;
        tally.hardLinks++;
    }

    private void copyPrevious(PullAction action, Path target) throws IOException {
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
            byte[] buffer = new byte[BUFFER];
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

    private void delta(PullAction action, Path target) throws IOException {
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
        recordSetId(entry);
        setAttributes(path, entry);
    }

    /** Owner, then extended attributes (chown clears a file capability), then mode and mtime. */
    private void setAttributes(Path path, RemoteEntry entry) throws IOException {
        if (asRoot) {
            setOwner(path, entry);
        }
        writeXattrs(path, entry);
        Files.setAttribute(path, "unix:mode", storedMode(entry, preserveDevices), LinkOption.NOFOLLOW_LINKS);
        setMtime(path, entry);
    }

    private void finishDirectory(RemoteEntry entry) throws IOException {
        setAttributes(NativeNames.resolve(partial, entry.path()), entry);
    }

    private static void setOwner(Path path, RemoteEntry entry) throws IOException {
        Files.setAttribute(path, "unix:uid", entry.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", entry.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private static void setMtime(Path path, RemoteEntry entry) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(entry.mtimeSeconds(), entry.mtimeNanos())), null, null);
    }

    /** Counts of what was written. */
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
