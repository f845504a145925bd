package io.kaizen.backup.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kaizen.backup.ConfigException;
import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.process.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Creates the store directory (mode 0700) and its metadata directory if missing. */
    public void create() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root.getParent());
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(metaDir());
    }

    /** Takes the store's lock, or fails with {@link StoreLockedException} naming the holder. */
    public StoreLock lock(StoreLock.Holder me, Consumer<String> warnings) throws IOException {
        return StoreLock.acquire(metaDir().resolve("lock"), me, warnings);
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
     * The snapshot a user named: {@code latest} (the newest complete one) or a date. An unknown one, or none at
     * all, is a {@link ConfigException}.
     */
    public Snapshot select(String selector) {
        if ("latest".equals(selector)) {
            List<Snapshot> all = snapshots();
            if (all.isEmpty()) {
                throw new ConfigException("store " + root + " has no complete snapshot");
            }
            return all.get(all.size() - 1);
        }
        SnapshotName name = SnapshotName.parse(selector);
        return find(name).orElseThrow(() -> new ConfigException("no complete snapshot " + name + " in " + root
                + snapshots().stream().map(s -> s.name().toString()).reduce((a, b) -> b)
                .map(newest -> " (newest: " + newest + ")").orElse(" (it has none)")));
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
            deleteTree(leftover);
            removed.add(leftover);
        }
        return removed;
    }

    /** Starts a fresh {@code DATE.partial}, removing any stale one of that name. */
    public Path beginPartial(SnapshotName name) throws IOException {
        Path partial = root.resolve(name + PARTIAL);
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(partial);
        }
        Files.createDirectory(partial);
        Files.createDirectory(partial.resolve(Snapshot.META_DIR));
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
     * Makes a partial snapshot complete: flushes its file system, then renames it to its date. If a snapshot of
     * that date exists, it is swapped out through {@code DATE.replaced} and then removed.
     */
    public Snapshot commit(SnapshotName name, Path partial) throws IOException {
        Manifest manifest = readManifest(partial, name.toString())
                .orElseThrow(() -> new StoreException("refusing to commit " + partial + ": no valid manifest"));
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
            deleteTree(replaced);
        }
        return new Snapshot(name, target, manifest);
    }

    /** Removes a complete snapshot: first renamed away (atomic), then its files. */
    public void delete(Snapshot snapshot) throws IOException {
        Path doomed = root.resolve(snapshot.name() + DELETING);
        Files.move(snapshot.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncDirectory(root);
        deleteTree(doomed);
    }

    /** Removes a partial snapshot that will not be committed. */
    public void discard(Path partial) throws IOException {
        deleteTree(partial);
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
     * docs/OFFSITE-FORMAT.md); empty when the file does not exist, i.e. this store is not replicated.
     */
    public Optional<OffsiteConfirmations> offsiteConfirmed() throws IOException {
        try {
            return Optional.of(OffsiteConfirmations.parse(Files.readAllLines(offsiteConfirmedFile(),
                    StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
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
        Files.createDirectories(metaDir());
        AtomicFile.write(lastRunFile(), Json.mapper().writeValueAsBytes(run), null);
    }

    /** The manifest in {@code dir}, if it is readable, of a known format, and names {@code expectedName}. */
    public static Optional<Manifest> readManifest(Path dir, String expectedName) {
        Path file = dir.resolve(Snapshot.META_DIR).resolve("manifest.json");
        try {
            Manifest manifest = Json.mapper().readValue(file.toFile(), Manifest.class);
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

    /** Deletes a tree without following symlinks; read-only directories are made writable first. */
    public static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isWritable(dir)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                if (e instanceof AccessDeniedException) {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
