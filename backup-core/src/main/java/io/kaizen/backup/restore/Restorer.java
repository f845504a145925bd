package io.kaizen.backup.restore;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.RealPaths;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.process.ChildProcess;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.transfer.rsync.RsyncCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Copies paths out of a snapshot with rsync: mode, owner, times, symlinks and hard links preserved; files that
 * are newer in the target than in the snapshot kept unless forced; then the devices, set-id bits and extended
 * attributes a collector recorded instead of keeping them live ({@link RecordedSpecials}, {@link RecordedXattrs}).
 * Never writes into the store.
 */
public final class Restorer {
    private static final String NEWER = " is newer";

    private Restorer() {
    }

    /**
     * Restores, or on a dry run lists what would change; {@code latest} is by {@code clock}
     * ({@link SnapshotStore#latestOf}). Bad input is a {@link ConfigException}.
     */
    public static RestoreResult restore(RestoreRequest request, Clock clock) {
        SnapshotStore store = SnapshotStore.at(request.store());
        if (!store.exists()) {
            throw new ConfigException("no store at " + request.store());
        }
        Snapshot snapshot = store.select(request.snapshot(), clock);
        byte[] relative = relative(request.path());
        Path inside = NativeNames.resolve(snapshot.dir(), relative);
        if (!Files.exists(inside, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(request.path() + " is not in snapshot " + snapshot.name() + " of "
                    + request.store());
        }
        symlinkedAncestor(snapshot.dir(), relative).ifPresent(link -> {
            throw new ConfigException(request.path() + " lies below a symlink in snapshot " + snapshot.name() + " ("
                    + link + "): restore the path the link points to instead");
        });
        if (Files.exists(request.target()) && !Files.isDirectory(request.target())) {
            throw new ConfigException("restore target " + request.target() + " is not a directory");
        }
        Path destination = NativeNames.resolve(request.target(), relative);
        Path storeRoot = realPath(store.root());
        if (realPath(request.target()).startsWith(storeRoot) || realPath(destination).startsWith(storeRoot)) {
            throw new ConfigException("restore target " + destination + " is inside the store " + store.root()
                    + ": restore somewhere else");
        }
        if (!request.force()) {
            List<String> problems = targetProblems(request.target(), relative, inside);
            if (!problems.isEmpty()) {
                throw new ConfigException("restore into " + request.target() + " refused: " + String.join("; ", problems)
                        + ". Nothing was written; --force restores anyway");
            }
        }
        RestoreResult copied = copy(snapshot, List.of(relative), request.target(), request.dryRun(), !request.force(),
                inside, destination);
        List<String> changes = new ArrayList<>(copied.changes());
        List<String> kept = new ArrayList<>(copied.keptNewer());
        RecordedSpecials.apply(snapshot, relative, request.target(), request.dryRun(), request.force(), changes, kept);
        RecordedXattrs.apply(snapshot, relative, request.target(), request.dryRun(), changes);
        return new RestoreResult(copied.snapshot(), copied.source(), copied.destination(), copied.dryRun(), changes,
                kept);
    }

    /**
     * Restores the given paths of a snapshot (relative, checked by the caller: no {@code ..}, no leading '/')
     * into {@code target} the way {@link #restore} does; newer files in the target are overwritten. For drills.
     */
    public static RestoreResult restoreFiles(Snapshot snapshot, List<byte[]> relatives, Path target) {
        return copy(snapshot, relatives, target, false, false, snapshot.dir(), target);
    }

    private static RestoreResult copy(Snapshot snapshot, List<byte[]> relatives, Path target, boolean dryRun,
                                      boolean keepNewer, Path source, Path destination) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path list = filesFrom(relatives);
        Optional<Path> staging = dryRun ? Optional.empty() : Optional.of(staging(target));
        try {
            ChildProcess.Outcome outcome = ChildProcess.run(
                    RsyncCommand.restore(snapshot.dir(), list, target, staging, dryRun, keepNewer), out);
            if (!outcome.succeeded()) {
                throw new KaizenException("restore from " + snapshot.name() + " into " + target + " failed: rsync "
                        + "exited with " + outcome.exitCode() + ": " + outcome.lastError());
            }
        } finally {
            delete(list);
            staging.ifPresent(Restorer::removeStaging);
        }
        List<String> changes = new ArrayList<>();
        List<String> keptNewer = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.endsWith(NEWER)) {
                keptNewer.add(line.substring(0, line.length() - NEWER.length()));
            } else if (!line.isBlank()) {
                changes.add(line);
            }
        }
        return new RestoreResult(snapshot.name().toString(), source, destination, dryRun, changes, keptNewer);
    }

    private static List<String> targetProblems(Path target, byte[] relative, Path inside) {
        try {
            return TargetCheck.problems(target, relative, Files.isDirectory(inside, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the restore target " + target, e);
        }
    }

    /**
     * A root-only (0700) directory on the target's file system, beside the target or in it (its nearest existing
     * directory), where rsync writes each file before it renames it into place: no other user can reach a file
     * while it is written.
     */
    private static Path staging(Path target) {
        try {
            Path existing = target;
            while (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS) && existing.getParent() != null) {
                existing = existing.getParent();
            }
            return Files.createTempDirectory(existing, ".kaizen-restore-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory for the restore into " + target, e);
        }
    }

    private static void removeStaging(Path staging) {
        try {
            TreeRemoval.delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the restore's staging directory " + staging, e);
        }
    }

    /** {@code /etc/nova} as the bytes {@code etc/nova}; {@code /} as empty. */
    private static byte[] relative(Path absolute) {
        byte[] bytes = NativeNames.bytes(absolute);
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    /** The first proper ancestor of {@code relative} in {@code dir} that is a symlink, if any. */
    private static Optional<String> symlinkedAncestor(Path dir, byte[] relative) {
        for (int i = 0; i < relative.length; i++) {
            if (relative[i] == '/') {
                byte[] ancestor = Arrays.copyOf(relative, i);
                if (Files.isSymbolicLink(NativeNames.resolve(dir, ancestor))) {
                    return Optional.of("/" + NativeNames.display(ancestor));
                }
            }
        }
        return Optional.empty();
    }

    private static Path realPath(Path path) {
        try {
            return RealPaths.ofNearestExisting(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path, e);
        }
    }

    /** rsync's {@code --files-from} list: NUL-separated, "." for the whole snapshot. */
    private static Path filesFrom(List<byte[]> relatives) {
        try {
            Path list = Files.createTempFile("kaizen-restore-", ".list");
            try (OutputStream out = Files.newOutputStream(list)) {
                for (byte[] relative : relatives) {
                    out.write(relative.length == 0 ? new byte[] {'.'} : relative);
                    out.write(0);
                }
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the list of files to restore", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
