package io.kaizen.backup.volume;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.process.RunTag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One LVM snapshot of a logical volume, made with {@code lvcreate -s} and mounted read-only (ext2/3/4 without
 * replaying the journal, XFS without recovery and with {@code nouuid}) on a directory of its own below
 * {@link #MOUNT_BASE}. {@link #remove} unmounts and removes it; it is safe to call twice and from another thread
 * (an interruption's recorder) than the one copying.
 */
public final class LvmSnapshot {
    /** The private directory snapshots are mounted below, one directory each, named as the snapshot. */
    public static final Path MOUNT_BASE = Path.of("/run/kaizen/lvm");
    static final String PREFIX = "kaizen-snap-";
    private static final AtomicInteger MADE = new AtomicInteger();

    private final LogicalVolume volume;
    private final String name;
    private final Path mounted;
    /** The outcome of {@link #remove()}, null until it ran; guarded by this. */
    private Optional<String> removal;

    private LvmSnapshot(LogicalVolume volume, String name) {
        this.volume = volume;
        this.name = name;
        this.mounted = MOUNT_BASE.resolve(name);
    }

    /**
     * Snapshots {@code volume} with {@code size} of room for changes and mounts the snapshot read-only. A step that
     * fails undoes the ones before it and is a {@link KaizenException} naming the command and its error.
     */
    public static LvmSnapshot create(LogicalVolume volume, SnapshotSize size) {
        LvmSnapshot snapshot = new LvmSnapshot(volume, PREFIX + RunTag.own() + "-" + MADE.incrementAndGet());
        List<String> lvcreate = new ArrayList<>(List.of("lvcreate", "-s", "-n", snapshot.name));
        lvcreate.addAll(size.lvcreateArguments());
        lvcreate.add(volume.name());
        LvmCommands.output(lvcreate);
        try {
            Files.createDirectories(MOUNT_BASE, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(snapshot.mounted);
            LvmCommands.output(List.of("mount", "-t", volume.fsType(), "-o", mountOptions(volume.fsType()),
                    snapshot.device().toString(), snapshot.mounted.toString()));
        } catch (IOException | KaizenException e) {
            String why = snapshot.invalidated().orElse(e.getMessage());
            String undone = snapshot.remove().map(p -> " (and undoing it: " + p + ")").orElse("");
            throw new KaizenException("mounting snapshot " + snapshot.name() + " of " + volume.name() + ": " + why
                    + undone, e);
        }
        return snapshot;
    }

    /** The mount options of a read-only snapshot of a file system of type {@code fsType}. */
    static String mountOptions(String fsType) {
        return switch (fsType) {
            case "ext2", "ext3", "ext4" -> "ro,noload";
            case "xfs" -> "ro,nouuid,norecovery";
            default -> "ro";
        };
    }

    /** {@code vg/kaizen-snap-TAG-N}. */
    public String name() {
        return volume.vg() + "/" + name;
    }

    /** Where {@code path}, a path on the snapshotted volume, is in this snapshot. */
    public Path origin(Path path) throws IOException {
        return volume.inside(mounted, path);
    }

    /**
     * Why the copy read from this snapshot cannot be trusted: the snapshot ran out of room for the origin's changes
     * and was invalidated (its reads then fail or stop short). Empty when it is valid, or when lvs cannot tell.
     */
    public Optional<String> invalidated() {
        String attributes;
        try {
            attributes = LvmCommands.pairs(LvmCommands.output(List.of("lvs", "--noheadings", "--nameprefixes",
                    "--unquoted", "-o", "lv_attr", name())).strip()).getOrDefault("LVM2_LV_ATTR", "");
        } catch (KaizenException e) {
            return Optional.empty();
        }
        return attributes.length() > 4 && attributes.charAt(4) == 'I'
                ? Optional.of("snapshot " + name() + " ran out of room for the changes made during the copy "
                        + "(raise " + SnapshotSize.KEY + ")")
                : Optional.empty();
    }

    /**
     * Unmounts and removes the snapshot, once; returns what could not be undone (empty when all was). A second
     * call, from another thread too, waits for the first and returns its outcome.
     */
    public synchronized Optional<String> remove() {
        if (removal == null) {
            removal = remove(volume.vg(), name);
        }
        return removal;
    }

    /**
     * Unmounts snapshot {@code name} of {@code vg} wherever it is mounted, removes its directory below
     * {@link #MOUNT_BASE} and then the snapshot; returns what could not be undone.
     */
    static Optional<String> remove(String vg, String name) {
        List<String> problems = new ArrayList<>(LvmCommands.unmountAll(Path.of("/dev", vg, name)));
        Path mounted = MOUNT_BASE.resolve(name);
        try {
            Files.deleteIfExists(mounted);
        } catch (IOException e) {
            problems.add("cannot remove " + mounted + ": " + e.getMessage());
        }
        if (problems.isEmpty()) {
            LvmCommands.undo(List.of("lvremove", "-f", vg + "/" + name)).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)
                + " (the next run with snapshot: lvm on " + vg + " removes it)");
    }

    private Path device() {
        return Path.of("/dev", volume.vg(), name);
    }

    /** The names of the snapshots in {@code vg} this package made, by any run. */
    static Stream<String> namesIn(String vg) {
        return LvmCommands.output(List.of("lvs", "--noheadings", "--nameprefixes", "--unquoted", "-o", "lv_name", vg))
                .lines().map(line -> LvmCommands.pairs(line).get("LVM2_LV_NAME"))
                .filter(n -> n != null && n.startsWith(PREFIX));
    }

    /** The tag of the run that made snapshot {@code name} ({@code kaizen-snap-TAG-N}). */
    static String runTag(String name) {
        String rest = name.substring(PREFIX.length());
        int dash = rest.lastIndexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }
}
