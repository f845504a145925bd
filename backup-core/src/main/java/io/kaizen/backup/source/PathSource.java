package io.kaizen.backup.source;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.KaizenException;
import io.kaizen.backup.fs.TreeRemoval;
import io.kaizen.backup.process.Interruption;
import io.kaizen.backup.store.ReflinkStats;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.transfer.FilterRules;
import io.kaizen.backup.transfer.TransferRequest;
import io.kaizen.backup.transfer.TransferResult;
import io.kaizen.backup.transfer.reflink.ReflinkSeeder;
import io.kaizen.backup.volume.LogicalVolume;
import io.kaizen.backup.volume.LvmLeftovers;
import io.kaizen.backup.volume.LvmSnapshot;
import io.kaizen.backup.volume.SnapshotSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory (or file) on the node, mirrored under its absolute path, with its own filter rules. With
 * {@code reflink}, large changed files (VM images) become reflinked copies of their previous version with only
 * the changed blocks written, where the store's file system allows ({@link ReflinkSeeder}); the tree is the same.
 * An {@code optional} path that does not exist is skipped by the job (a role's path list names paths some nodes
 * lack); a missing path that is not optional is bad input. With {@code lvmSnapshot} (README, "Consistent copies
 * from LVM snapshots"), the path is copied from an LVM snapshot of the logical volume holding it, of that size,
 * mounted read-only for the copy and removed after it whatever happened, also when the run is stopped by a
 * signal; a path that is not on a logical volume is bad input.
 */
public record PathSource(Path path, FilterRules filters, boolean reflink, boolean optional,
                         Optional<SnapshotSize> lvmSnapshot) implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(PathSource.class);

    public PathSource {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("source path must be absolute: " + path);
        }
        path = path.normalize();
        if (reflink && lvmSnapshot.isPresent()) {
            throw ConfigException.ofSetting("snapshot", ": lvm and reflink cannot be combined on " + path
                    + " (the reflinked copy is made from the live file)");
        }
    }

    public PathSource(Path path, FilterRules filters) {
        this(path, filters, false, false, Optional.empty());
    }

    @Override
    public String kind() {
        return "path";
    }

    @Override
    public String name() {
        return path.toString();
    }

    /** With an LVM snapshot, the path must be on a logical volume (a missing optional path is skipped earlier). */
    @Override
    public void preflight() {
        if (lvmSnapshot.isPresent() && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            LogicalVolume.holding(path);
        }
    }

    @Override
    public SourceResult capture(CaptureContext context) {
        TransferRequest request = new TransferRequest(path, context.partial(), context.linkDests(),
                filters.then(context.globalFilters()), context.checksum(), context.writtenSums(),
                reflink ? TreeRecords.none() : context.treeRecords());
        return lvmSnapshot.isPresent() ? copyFromLvmSnapshot(request, lvmSnapshot.get(), context)
                : copy(request, context);
    }

    private SourceResult copy(TransferRequest request, CaptureContext context) {
        ReflinkStats reflinked = null;
        if (reflink) {
            try {
                reflinked = ReflinkSeeder.seed(request);
            } catch (KaizenException e) {
                reflinked = new ReflinkStats(0, 0, 0, e.getMessage() + " (large files were copied whole)");
            }
        }
        TransferResult result = context.engine().transfer(request);
        return failedCopyRemoved(new SourceResult(kind(), name(), result.status(), result.message()), context)
                .withReflink(reflinked);
    }

    /**
     * Removes what a killed run left in the volume group, snapshots the volume, copies from the snapshot, then
     * removes it (also from the recorder of an interruption, since a stopped run never reaches its own cleanup; the
     * recorder stays registered until the removal is done, so a signal that comes during it waits for its outcome).
     * A snapshot that overflowed during the copy fails the source: what it read may be cut short.
     */
    private SourceResult copyFromLvmSnapshot(TransferRequest request, SnapshotSize size, CaptureContext context) {
        List<String> warnings = new ArrayList<>();
        LvmSnapshot snapshot;
        try {
            LogicalVolume volume = LogicalVolume.holding(path);
            LvmLeftovers.Outcome leftovers = LvmLeftovers.removeIn(volume.vg());
            leftovers.removed().forEach(name -> LOG.info("removed LVM snapshot {} left by an earlier run", name));
            warnings.addAll(leftovers.problems());
            snapshot = LvmSnapshot.create(volume, size);
        } catch (KaizenException e) {
            return new SourceResult(kind(), name(), RunStatus.FAILED, e.getMessage());
        }
        SourceResult result;
        try (Interruption.Registration onStop = Interruption.register(signal -> snapshot.remove()
                .orElse("LVM snapshot " + snapshot.name() + " removed"))) {
            try {
                result = copy(request.readingFrom(snapshot.origin(path)), context);
                Optional<String> invalid = snapshot.invalidated();
                if (invalid.isPresent()) {
                    result = failedCopyRemoved(new SourceResult(kind(), name(), RunStatus.FAILED, invalid.get()),
                            context);
                }
            } catch (IOException | KaizenException e) {
                result = failedCopyRemoved(new SourceResult(kind(), name(), RunStatus.FAILED,
                        "copying from LVM snapshot " + snapshot.name() + ": " + e.getMessage()), context);
            } finally {
                snapshot.remove().ifPresent(warnings::add);
            }
        }
        return warnings.isEmpty() ? result : new SourceResult(kind(), name(), result.status().and(RunStatus.WARNINGS),
                (result.message() == null ? "" : result.message() + "; ") + String.join("; ", warnings),
                result.files(), result.changed(), result.reflink());
    }

    /**
     * A failed transfer's half-made copy is removed from the snapshot: it must not pass for a backup, and on a
     * full disk it would keep the store full (retention never runs after a failure). The result's message says
     * if it could not be removed.
     */
    private SourceResult failedCopyRemoved(SourceResult result, CaptureContext context) {
        if (result.status() != RunStatus.FAILED) {
            return result;
        }
        Path copy = context.partial().resolve(path.getRoot().relativize(path));
        try {
            TreeRemoval.delete(copy);
            return result;
        } catch (NoSuchFileException e) {
            return result;
        } catch (IOException e) {
            return new SourceResult(kind(), name(), result.status(), result.message() + " (its incomplete copy "
                    + copy + " could not be removed: " + e.getMessage() + ")");
        }
    }
}
