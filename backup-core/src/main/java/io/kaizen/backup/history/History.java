package io.kaizen.backup.history;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.NativeNames;
import io.kaizen.backup.fs.Sha256;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotFiles;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SumsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code kaizen diff} and {@code kaizen log}: a store's history read from its manifests and sums. */
public final class History {
    /** Differs in every snapshot (it names the date) and is no file of the node's: not reported. */
    private static final byte[] INFO_FILE = Snapshot.INFO_FILE.getBytes(StandardCharsets.US_ASCII);

    private History() {
    }

    /** One file that differs: {@code added}, {@code removed} or {@code changed}, its absolute path and sizes. */
    public record DiffEntry(String change, String path, Long sizeBefore, Long sizeAfter) {
    }

    /** The difference between snapshots {@code from} and {@code to}, below {@code path}, with totals and notes. */
    public record DiffReport(String store, String from, String to, String path, List<DiffEntry> files, long added,
                             long removed, long changed, long bytesBefore, long bytesAfter, List<String> notes) {
    }

    /** Every version of {@code file} across the store's snapshots, oldest first, with notes. */
    public record FileLog(String store, String file, List<FileVersions.Version> versions, List<String> notes) {
    }

    /**
     * The regular files added, removed and changed from snapshot {@code from} to {@code to} ({@code latest} or
     * dates; {@code latest} by {@code clock}) below {@code path} (absolute; empty for all). Unknown snapshots, and
     * a path in neither snapshot, are a {@link ConfigException}.
     */
    public static DiffReport diff(Path storeRoot, String from, String to, Optional<Path> path, Clock clock) {
        SnapshotStore store = existing(storeRoot);
        Snapshot before = store.select(from, clock);
        Snapshot after = store.select(to, clock);
        byte[] within = path.map(History::relative).orElse(new byte[0]);
        if (within.length > 0 && !exists(before, within) && !exists(after, within)) {
            throw new ConfigException(path.get() + " is in neither snapshot " + before.name() + " nor " + after.name()
                    + " of " + store.root());
        }
        List<String> notes = new ArrayList<>();
        notes.addAll(runNotes(before));
        notes.addAll(runNotes(after));
        Totals totals = new Totals();
        try (SnapshotFiles a = SnapshotFiles.open(before); SnapshotFiles b = SnapshotFiles.open(after)) {
            notes.addAll(sumsNotes(before, a));
            notes.addAll(sumsNotes(after, b));
            SnapshotDiff.compare(a, b, within, change -> {
                if (Arrays.equals(change.relative(), INFO_FILE)) {
                    return;
                }
                Long sizeBefore = change.kind() == SnapshotDiff.Kind.ADDED ? null : size(before, change.relative());
                Long sizeAfter = change.kind() == SnapshotDiff.Kind.REMOVED ? null : size(after, change.relative());
                totals.add(new DiffEntry(change.kind().name().toLowerCase(Locale.ROOT),
                        "/" + NativeNames.display(change.relative()), sizeBefore, sizeAfter));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + before.dir() + " and " + after.dir(), e);
        }
        return new DiffReport(store.root().toString(), before.name().toString(), after.name().toString(),
                path.map(Path::toString).orElse("/"), totals.entries, totals.added, totals.removed, totals.changed,
                totals.bytesBefore, totals.bytesAfter, notes);
    }

    /** The entries of a diff and their counts and byte totals, as they come. */
    private static final class Totals {
        final List<DiffEntry> entries = new ArrayList<>();
        long added;
        long removed;
        long changed;
        long bytesBefore;
        long bytesAfter;

        void add(DiffEntry entry) {
            entries.add(entry);
            switch (entry.change()) {
                case "added" -> added++;
                case "removed" -> removed++;
                default -> changed++;
            }
            bytesBefore += entry.sizeBefore() == null ? 0 : entry.sizeBefore();
            bytesAfter += entry.sizeAfter() == null ? 0 : entry.sizeAfter();
        }
    }

    /**
     * Every version of the regular file {@code file} (absolute, as on the node), one per run of snapshots with the
     * same content, with the runs where it was absent. A file in no snapshot is a {@link ConfigException}.
     */
    public static FileLog log(Path storeRoot, Path file) {
        SnapshotStore store = existing(storeRoot);
        byte[] relative = relative(file);
        if (relative.length == 0) {
            throw new ConfigException("give a file, not /");
        }
        List<Snapshot> snapshots = store.snapshots();
        if (snapshots.isEmpty()) {
            throw new ConfigException("store " + store.root() + " has no complete snapshot");
        }
        List<FileVersions.Sighting> sightings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            sightings.add(sighting(snapshot, relative, notes));
        }
        if (sightings.stream().allMatch(s -> s.sha256() == null)) {
            throw new ConfigException(file + " is not a regular file in any snapshot of " + store.root()
                    + " (" + snapshots.size() + " snapshots, " + snapshots.get(0).name() + " to "
                    + snapshots.get(snapshots.size() - 1).name() + ")");
        }
        return new FileLog(store.root().toString(), file.toString(), FileVersions.group(sightings), notes);
    }

    private static FileVersions.Sighting sighting(Snapshot snapshot, byte[] relative, List<String> notes) {
        RunStatus run = snapshot.manifest().status();
        Path inside = NativeNames.resolve(snapshot.dir(), relative);
        try {
            if (!Files.isRegularFile(inside, LinkOption.NOFOLLOW_LINKS)) {
                return new FileVersions.Sighting(snapshot.name().toString(), run, null, null);
            }
            long size = Files.readAttributes(inside, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
            byte[] sha;
            if (SnapshotFiles.sumsIntact(snapshot)) {
                SumsFile.Line line;
                try (SumsFile.Reader sums = SumsFile.Reader.open(snapshot.sumsFile())) {
                    line = new SumsFile.Cursor(sums).find(relative);
                }
                sha = line != null ? line.sha256() : Sha256.of(inside);
            } else {
                notes.add("snapshot " + snapshot.name() + ": .kaizen/SHA256SUMS is missing or does not match its "
                        + "manifest; the file was hashed");
                sha = Sha256.of(inside);
            }
            return new FileVersions.Sighting(snapshot.name().toString(), run, HexFormat.of().formatHex(sha), size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NativeNames.display(inside), e);
        }
    }

    private static SnapshotStore existing(Path root) {
        SnapshotStore store = SnapshotStore.at(root);
        if (!store.exists()) {
            throw new ConfigException("no store at " + store.root());
        }
        return store;
    }

    /** {@code /etc/nova} as {@code etc/nova}; a relative or escaping path is a {@link ConfigException}. */
    private static byte[] relative(Path absolute) {
        if (!absolute.isAbsolute()) {
            throw new ConfigException("give the path as on the node, absolute (e.g. /etc/nova/nova.conf): " + absolute);
        }
        byte[] bytes = NativeNames.bytes(absolute.normalize());
        byte[] relative = Arrays.copyOfRange(bytes, 1, bytes.length);
        if (relative.length > 0 && Snapshot.entryProblem(relative).isPresent()) {
            throw new ConfigException("not a plain path: " + absolute + " (" + Snapshot.entryProblem(relative).get() + ")");
        }
        return relative;
    }

    private static boolean exists(Snapshot snapshot, byte[] relative) {
        return Files.exists(NativeNames.resolve(snapshot.dir(), relative), LinkOption.NOFOLLOW_LINKS);
    }

    /** The size of a file a sums listing names, or null if the name is not plain or the file is gone. */
    private static Long size(Snapshot snapshot, byte[] relative) {
        if (Snapshot.entryProblem(relative).isPresent()) {
            return null;
        }
        try {
            return Files.readAttributes(NativeNames.resolve(snapshot.dir(), relative), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> runNotes(Snapshot snapshot) {
        Manifest manifest = snapshot.manifest();
        if (manifest.status() != RunStatus.FAILED) {
            return List.of();
        }
        String failed = manifest.sources().stream().filter(s -> s.status() == RunStatus.FAILED)
                .map(s -> s.kind() + " " + s.name() + (s.message() == null ? "" : ": " + s.message()))
                .collect(Collectors.joining("; "));
        return List.of("snapshot " + snapshot.name() + " was made by a run that failed (" + failed + "): files "
                + "missing from it may be missing because of the failure, not deleted");
    }

    private static List<String> sumsNotes(Snapshot snapshot, SnapshotFiles files) {
        return files.fromSums() ? List.of() : List.of("snapshot " + snapshot.name() + ": .kaizen/SHA256SUMS is "
                + "missing or does not match its manifest; its files were hashed instead");
    }
}
