package io.kaizen.backup.store;

import io.kaizen.backup.fs.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a directory given as {@code --dest} holds (docs/FORMAT.md): one node store ({@code DEST/DATE}), or a
 * collector's stores, one per node ({@code DEST/NODE/DATE}). A directory counts as a store when it holds a
 * complete snapshot or a run record ({@code .kaizen/last-run.json}).
 */
public final class StoreLayout {
    private StoreLayout() {
    }

    /** One store and the node it belongs to. */
    public record Member(String node, SnapshotStore store) {
    }

    /**
     * The node stores in {@code dest}: {@code dest} itself when it is a store (named by {@link #nodeName}), else
     * each sub-directory that is one, by name.
     * Empty when there is none.
     */
    public static List<Member> members(Path dest) {
        SnapshotStore self = SnapshotStore.at(dest);
        if (isStore(self)) {
            return List.of(new Member(nodeName(self), self));
        }
        List<Member> members = new ArrayList<>();
        for (Path dir : subdirectories(self.root())) {
            SnapshotStore store = SnapshotStore.at(dir);
            if (isStore(store)) {
                members.add(new Member(dir.getFileName().toString(), store));
            }
        }
        return members;
    }

    /**
     * Records that the collector store {@code dest} is replicated to tier 3 ({@code DEST/.kaizen/offsite-replicated};
     * docs/OFFSITE-FORMAT.md, "Local state"): from then on a node store in it without confirmations is one tier 3
     * never confirmed, not one that is not replicated.
     */
    public static void markReplicated(Path dest) throws IOException {
        Path marker = replicatedMarker(dest);
        if (!Files.exists(marker)) {
            Files.createDirectories(marker.getParent());
            AtomicFile.write(marker, ("kaizen replicate sends this collector store to tier 3\n")
                    .getBytes(StandardCharsets.UTF_8), null);
        }
    }

    /** Whether {@link #markReplicated} was done for {@code dest}. */
    static boolean isReplicated(Path dest) {
        return Files.exists(replicatedMarker(dest));
    }

    private static Path replicatedMarker(Path dest) {
        return dest.resolve(Snapshot.META_DIR).resolve("offsite-replicated");
    }

    private static boolean isStore(SnapshotStore store) {
        return !store.snapshots().isEmpty() || Files.exists(store.lastRunFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /** A node store's node: the host of its newest snapshot, else of its last run, else (also when the last run's
     * record is corrupt) its directory's name. */
    public static String nodeName(SnapshotStore store) {
        List<Snapshot> snapshots = store.snapshots();
        if (!snapshots.isEmpty()) {
            return snapshots.get(snapshots.size() - 1).manifest().host();
        }
        try {
            return store.lastRun().map(LastRun::host).orElse(store.root().getFileName().toString());
        } catch (StoreException corrupt) {
            return store.root().getFileName().toString();
        }
    }

    private static List<Path> subdirectories(Path dir) {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dirs;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && !entry.getFileName().toString().equals(Snapshot.META_DIR)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        dirs.sort(null);
        return dirs;
    }
}
