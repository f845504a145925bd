package io.kaizen.backup.offsite;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.offsite.target.ObjectTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kaizen offsite prune}: the only code that deletes at tier 3 (docs/OFFSITE-FORMAT.md, "Pruning").
 * Removes the roots of snapshots older than the kept days (never a node's newest), then the packs no remaining
 * snapshot uses. Packs that remaining snapshots use in part are kept whole (no repacking). Order, so that a
 * prune killed anywhere leaves a readable repository: roots; new index objects for the kept packs of index
 * objects about to go; those index objects; the unused packs (a pack left without an index is re-indexed from
 * its header by the next reader). Must not run while a replicate runs.
 */
public final class OffsitePruner {
    private OffsitePruner() {
    }

    /** Prune snapshots dated before {@code today - keepDays}; with {@code dryRun}, only say what would go. */
    public record Request(int keepDays, boolean dryRun, LocalDate today) {
        public Request {
            if (keepDays < 1) {
                throw ConfigException.ofSetting("keep-days", " must be at least 1, got " + keepDays);
            }
        }
    }

    /** The snapshots removed (node/date), those kept, and the objects deleted and written. */
    public record Result(boolean dryRun, List<String> removed, List<String> kept, int packsDeleted,
                         int indexesDeleted, int indexesWritten, List<String> problems) {
        public Result {
            removed = List.copyOf(removed);
            kept = List.copyOf(kept);
            problems = List.copyOf(problems);
        }
    }

    public static Result prune(ObjectTarget target, OffsiteKeys keys, Request request) {
        SnapshotReader reader = new SnapshotReader(Repository.open(target, keys));
        Repository repository = reader.repository();
        RepositoryIndex index = reader.index();
        String cutoff = request.today().minusDays(request.keepDays()).toString();
        List<SnapshotReader.RootEntry> roots = reader.roots();
        List<String> problems = new ArrayList<>(index.problems());
        Map<String, String> newest = new HashMap<>();
        for (SnapshotReader.RootEntry root : roots) {
            if (root.root() == null) {
                problems.add(root.problem());
            } else {
                newest.merge(root.root().node(), root.root().date(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        if (!problems.isEmpty()) {
            return new Result(request.dryRun(), List.of(), List.of(), 0, 0, 0, problems);
        }
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> removedKeys = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (SnapshotReader.RootEntry entry : roots) {
            SnapshotRoot root = entry.root();
            String name = root.node() + "/" + root.date();
            if (root.date().compareTo(cutoff) < 0 && !root.date().equals(newest.get(root.node()))) {
                removed.add(name);
                removedKeys.add(entry.key());
                continue;
            }
            kept.add(name);
            try {
                markUsed(reader, root, used);
            } catch (OffsiteException e) {
                throw e.affecting(name);
            }
        }
        Set<String> unused = new HashSet<>(repository.list(Repository.DATA));
        unused.addAll(index.packs());
        unused.removeAll(used);
        List<String> obsoleteIndexes = new ArrayList<>();
        List<List<String>> rewrites = new ArrayList<>();
        index.packsOfIndex().forEach((key, packs) -> {
            if (packs.stream().anyMatch(unused::contains)) {
                obsoleteIndexes.add(key);
                List<String> keep = packs.stream().filter(p -> !unused.contains(p)).toList();
                if (!keep.isEmpty()) {
                    rewrites.add(keep);
                }
            }
        });
        List<String> recoveredKept = index.pendingPacks().stream().filter(p -> !unused.contains(p)).toList();
        if (!recoveredKept.isEmpty()) {
            rewrites.add(recoveredKept);
        }
        if (request.dryRun()) {
            return new Result(true, removed, kept, unused.size(), obsoleteIndexes.size(), rewrites.size(), problems);
        }
        try {
            for (String key : removedKeys) {
                target.delete(key);
            }
            rewrites.forEach(packs -> index.writeFor(repository, packs));
            for (String key : obsoleteIndexes) {
                target.delete(key);
            }
            for (String pack : unused) {
                target.delete(pack);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("prune of " + target.describe() + " failed: " + e.getMessage(), e);
        }
        return new Result(false, removed, kept, unused.size(), obsoleteIndexes.size(), rewrites.size(), problems);
    }

    private static void markUsed(SnapshotReader reader, SnapshotRoot root, Set<String> used) {
        RepositoryIndex index = reader.index();
        root.tree().forEach(blob -> used.add(index.locate(blob).pack()));
        Iterator<TreeRecord> records = reader.tree(root);
        while (records.hasNext()) {
            records.next().content().forEach(blob -> used.add(index.locate(blob).pack()));
        }
    }
}
