package io.kaizen.backup.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.fs.OwnerOnly;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.process.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A directory of dated snapshots (docs/FORMAT.md).
 *
 * <p>Invariants: a snapshot appears only by an atomic rename of {@code DATE.partial} to {@code DATE} after its
 * content, manifest and sums are on disk; it disappears only by a rename to {@code DATE.deleting} before its
 * files are removed; a same-day rerun swaps through {@code DATE.replaced}, which stands in for {@code DATE}
 * until the next locked run finishes the swap. So at every instant each complete snapshot is readable under
 * one name, and anything else is a leftover that no listing counts.
 */
public final class SnapshotStore {
    public static final String PARTIAL = ".partial";
    public static final String DELETING = ".deleting";
    public static final String REPLACED = ".replaced";

    private final Path root;

    private SnapshotStore(Path root) {
        this.root = root;
    }

    /** The store rooted at {@code root}; nothing is read or created yet. */
    public static SnapshotStore at(Path root) {
        return new SnapshotStore(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    public boolean exists() {
        return Files.isDirectory(root);
    }

    /**
     * Creates the store directory and its metadata directory if missing, and sets both to mode 0700 even when they
     * existed (a store pre-created 0755, or loosened since, is closed again on every run).
     */
    public void create() throws IOException {
        OwnerOnly.directory(root);
        OwnerOnly.directory(metaDir());
    }

    /** Takes the store's lock, or fails with {@link StoreLockedException} naming the holder. */
    public StoreLock lock(StoreLock.Holder me, Consumer<String> warnings) throws IOException {
        return StoreLock.acquire(metaDir().resolve("lock"), me, "another run is in progress", warnings);
    }

    /**
     * Takes the lock of a {@code kaizen serve} session ({@code .kaizen/serve.lock}, apart from the run lock, so
     * that serving never holds up a snapshot): one session per store at a time, so that a collector's key cannot
     * multiply what a session may cost the node. A second one fails with {@link StoreLockedException} naming the
     * holder.
     */
    public StoreLock serveLock(StoreLock.Holder me) throws IOException {
        return StoreLock.acquire(OwnerOnly.directory(metaDir()).resolve("serve.lock"), me,
                "another session is being served (one at a time)", ignored -> { });
    }

    /** Complete snapshots, oldest first. */
    public List<Snapshot> snapshots() {
        List<Snapshot> found = new ArrayList<>();
        for (Path dir : entries()) {
            String name = dir.getFileName().toString();
            SnapshotName.tryParse(name).flatMap(n -> readSnapshot(n, dir)).ifPresent(found::add);
        }
        for (Path dir : entries()) {
            String name = dir.getFileName().toString();
            if (name.endsWith(REPLACED)) {
                SnapshotName.tryParse(name.substring(0, name.length() - REPLACED.length()))
                        .filter(n -> found.stream().noneMatch(s -> s.name().equals(n)))
                        .flatMap(n -> readSnapshot(n, dir))
                        .ifPresent(found::add);
            }
        }
        found.sort(null);
        return List.copyOf(found);
    }

    public Optional<Snapshot> find(SnapshotName name) {
        return snapshots().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The snapshot a user named: {@code latest} ({@link #latestOf}) or a date. An unknown one, or none at all, is
     * a {@link ConfigException}.
     */
    public Snapshot select(String selector, Clock clock) {
        if ("latest".equals(selector)) {
            return latestOf(snapshots(), clock)
                    .orElseThrow(() -> new ConfigException("store " + root + " has no complete snapshot"));
        }
        SnapshotName name = SnapshotName.parse(selector);
        return find(name).orElseThrow(() -> new ConfigException("no complete snapshot " + name + " in " + root
                + latestOf(snapshots(), clock).map(s -> " (latest: " + s.name() + ")").orElse(" (it has none)")));
    }

    /**
     * What {@code latest} means, for every command that takes it: the newest of {@code snapshots} by creation
     * (its manifest's {@code finished}; equal times by name), not the greatest name. Snapshots dated after the
     * clock's date are left out (a clock that ran ahead made them, see {@link #datedAfter}), unless there are no
     * others.
     */
    public static Optional<Snapshot> latestOf(List<Snapshot> snapshots, Clock clock) {
        SnapshotName today = new SnapshotName(LocalDate.ofInstant(clock.instant(), clock.getZone()));
        Comparator<Snapshot> byCreation = Comparator.comparing((Snapshot s) -> s.manifest().finished())
                .thenComparing(Comparator.naturalOrder());
        Optional<Snapshot> latest = snapshots.stream().filter(s -> s.name().compareTo(today) <= 0).max(byCreation);
        return latest.isPresent() ? latest : snapshots.stream().max(byCreation);
    }

    /**
     * The complete snapshots dated after {@code date}, oldest first: made while the clock was ahead (or named so
     * with {@code --date}). Retention keeps them (it never deletes a snapshot dated after today); they are not
     * {@code latest} and no earlier run links against them; a run on their date replaces them.
     */
    public List<Snapshot> datedAfter(SnapshotName date) {
        return snapshots().stream().filter(s -> s.name().compareTo(date) > 0).toList();
    }

    /** The newest complete snapshot dated on or before {@code name}. */
    public Optional<Snapshot> newestOnOrBefore(SnapshotName name) {
        return snapshots().stream().filter(s -> s.name().compareTo(name) <= 0).reduce((a, b) -> b);
    }

    /** The newest complete snapshot whose run succeeded (with or without warnings), on or before {@code name}. */
    public Optional<Snapshot> newestUsableOnOrBefore(SnapshotName name) {
        return snapshots().stream()
                .filter(s -> s.name().compareTo(name) <= 0 && s.manifest().status().usable())
                .reduce((a, b) -> b);
    }

    /** Directories that are not complete snapshots: partials, half-deleted and half-swapped ones, strays. */
    public List<Path> leftovers() {
        List<Path> snapshotDirs = snapshots().stream().map(Snapshot::dir).toList();
        return entries().stream()
                .filter(p -> !snapshotDirs.contains(p) && !p.getFileName().toString().equals(Snapshot.META_DIR))
                .filter(p -> isLeftoverName(p.getFileName().toString()))
                .toList();
    }

    /**
     * Under the lock: finishes an interrupted same-day swap, then removes every other leftover.
     * Returns the directories removed.
     */
    public List<Path> cleanLeftovers() throws IOException {
        for (Snapshot snapshot : snapshots()) {
            if (snapshot.dir().getFileName().toString().endsWith(REPLACED)) {
                Files.move(snapshot.dir(), root.resolve(snapshot.name().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Path leftover : leftovers()) {
            TreeRemoval.delete(leftover);
            removed.add(leftover);
        }
        return removed;
    }

    /** Starts a fresh {@code DATE.partial} (mode 0700, and its {@code .kaizen}), removing any stale one of that name. */
    public Path beginPartial(SnapshotName name) throws IOException {
        Path partial = root.resolve(name + PARTIAL);
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            TreeRemoval.delete(partial);
        }
        OwnerOnly.directory(partial);
        OwnerOnly.directory(partial.resolve(Snapshot.META_DIR));
        return partial;
    }

    /** Writes the manifest of a partial snapshot. */
    public static void writeManifest(Path partial, Manifest manifest) throws IOException {
        writeManifest(partial, Json.mapper().writeValueAsBytes(manifest));
    }

    /** Writes a partial snapshot's manifest as these bytes (a collected snapshot keeps the node's own). */
    public static void writeManifest(Path partial, byte[] manifest) throws IOException {
        AtomicFile.write(partial.resolve(Snapshot.META_DIR).resolve("manifest.json"), manifest, null);
    }

    /**
     * Makes a partial snapshot complete: sets its {@code .kaizen} to 0700 and the files there to 0600 (whatever
     * wrote them), flushes its file system, then renames it to its date. If a snapshot of
     * that date exists, it is swapped out through {@code DATE.replaced} and then removed.
     */
    public Snapshot commit(SnapshotName name, Path partial) throws IOException {
        Manifest manifest = readManifest(partial, name.toString())
                .orElseThrow(() -> new StoreException("refusing to commit " + partial + ": no valid manifest"));
        OwnerOnly.seal(partial.resolve(Snapshot.META_DIR));
        syncFileSystem(partial);
        Path target = root.resolve(name.toString());
        Path replaced = root.resolve(name + REPLACED);
        boolean swapping = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (swapping) {
            Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncDirectory(root);
        if (swapping) {
            TreeRemoval.delete(replaced);
        }
        return new Snapshot(name, target, manifest);
    }

    /** Removes a complete snapshot: first renamed away (atomic), then its files. */
    public void delete(Snapshot snapshot) throws IOException {
        Path doomed = root.resolve(snapshot.name() + DELETING);
        Files.move(snapshot.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncDirectory(root);
        TreeRemoval.delete(doomed);
    }

    /** Removes a partial snapshot that will not be committed. */
    public void discard(Path partial) throws IOException {
        TreeRemoval.delete(partial);
    }

    /**
     * Probes once whether the store can hard-link (create a file in its metadata directory, link it, remove
     * both), which every snapshot but the first relies on: file systems such as FAT, exFAT and some network ones
     * refuse {@code link()}. Returns, if it cannot, why: the file system's type and device, and the error.
     */
    public Optional<String> hardLinkRefusal() throws IOException {
        Path file = metaDir().resolve("link-probe");
        Path link = metaDir().resolve("link-probe.link");
        Files.deleteIfExists(link);
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.createLink(link, file);
            return Optional.empty();
        } catch (IOException e) {
            FileStore fileStore = Files.getFileStore(root);
            return Optional.of("store " + root + " is on a file system that cannot hard-link (type "
                    + fileStore.type() + ", " + fileStore.name() + "): link() failed: "
                    + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getMessage()));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(file);
        }
    }

    /** Where the last run is recorded. */
    public Path lastRunFile() {
        return metaDir().resolve("last-run.json");
    }

    /**
     * The record of the last run ({@code .kaizen/last-run.json}); empty when no run was recorded.
     *
     * @throws StoreException when the record is there but cannot be read or parsed: a corrupt record is not
     *                        "never ran"
     */
    public Optional<LastRun> lastRun() {
        Path file = lastRunFile();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), LastRun.class));
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new StoreException("the last run's record " + file + " is corrupt: " + why, e);
        }
    }

    /**
     * The snapshots of this store that tier 3 has confirmed, with when ({@code .kaizen/offsite-confirmed},
     * docs/OFFSITE-FORMAT.md). Without that file: none when the collector store holding this one is replicated
     * ({@link StoreLayout#markReplicated}: tier 3 never confirmed one), else empty (this store is not replicated).
     */
    public Optional<OffsiteConfirmations> offsiteConfirmed() throws IOException {
        try {
            return Optional.of(OffsiteConfirmations.parse(Files.readAllLines(offsiteConfirmedFile(),
                    StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            Path collector = root.getParent();
            return collector != null && StoreLayout.isReplicated(collector)
                    ? Optional.of(new OffsiteConfirmations(new TreeMap<>())) : Optional.empty();
        }
    }

    /** Records that tier 3 confirmed {@code name} at {@code at}, replacing the file atomically. */
    public void confirmOffsite(SnapshotName name, Instant at) throws IOException {
        OffsiteConfirmations before = offsiteConfirmed().orElseGet(() -> new OffsiteConfirmations(new TreeMap<>()));
        if (!before.confirmed().containsKey(name)) {
            Files.createDirectories(metaDir());
            AtomicFile.write(offsiteConfirmedFile(), before.with(name, at).text().getBytes(StandardCharsets.UTF_8),
                    null);
        }
    }

    private Path offsiteConfirmedFile() {
        return metaDir().resolve("offsite-confirmed");
    }

    /** Records the result of a run, atomically. */
    public void writeLastRun(LastRun run) throws IOException {
        OwnerOnly.directory(metaDir());
        AtomicFile.write(lastRunFile(), Json.mapper().writeValueAsBytes(run), OwnerOnly.FILE);
    }

    /** The manifest in {@code dir}, if it is readable, of a known format, and names {@code expectedName}. */
    public static Optional<Manifest> readManifest(Path dir, String expectedName) {
        Path file = dir.resolve(Snapshot.META_DIR).resolve("manifest.json");
        try {
            Manifest manifest = ManifestJson.read(Files.readAllBytes(file));
            boolean valid = manifest.formatVersion() == Manifest.FORMAT_VERSION
                    && expectedName.equals(manifest.snapshot())
                    && manifest.status() != null && manifest.counts() != null;
            return valid ? Optional.of(manifest) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Snapshot> readSnapshot(SnapshotName name, Path dir) {
        return readManifest(dir, name.toString()).map(m -> new Snapshot(name, dir, m));
    }

    private Path metaDir() {
        return root.resolve(Snapshot.META_DIR);
    }

    private List<Path> entries() {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dirs;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            for (Path entry : stream) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list store " + root, e);
        }
        return dirs;
    }

    private static boolean isLeftoverName(String name) {
        for (String suffix : List.of(PARTIAL, DELETING, REPLACED)) {
            if (name.endsWith(suffix)
                    && SnapshotName.tryParse(name.substring(0, name.length() - suffix.length())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static void syncFileSystem(Path path) throws IOException {
        ChildProcess.Outcome sync = ChildProcess.run(
                List.of("sync", "--file-system", path.toString()), OutputStream.nullOutputStream());
        if (!sync.succeeded()) {
            throw new IOException("sync --file-system " + path + " failed: " + sync.lastError());
        }
    }
}
