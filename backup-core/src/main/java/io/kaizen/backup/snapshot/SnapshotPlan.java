package io.kaizen.backup.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a snapshot run would do, as {@code snapshot --dry-run} shows it: the snapshot it would make, the snapshots
 * unchanged files would be hard-linked to (newest first), and per source what would be copied, linked and
 * excluded, with sizes. Made by {@link SnapshotJob#plan} without writing anything.
 */
public record SnapshotPlan(Path store, String snapshot, List<Path> linkDests, List<PlannedSource> sources) {
    public SnapshotPlan {
        linkDests = List.copyOf(linkDests);
        sources = List.copyOf(sources);
    }

    /** What happens to one entry of a source. */
    public enum Action {
        /** Copied into the snapshot (a new or changed file, a symlink, a special file). */
        COPY,
        /** Hard-linked to its unchanged copy in a previous snapshot. */
        LINK,
        /** Left out by a filter rule (a directory with everything below it). */
        EXCLUDE,
        /** A dump source's command would run and write {@code dumps/NAME}; its size is known only then. */
        DUMP
    }

    /**
     * One entry: its path on the node (a dump's path in the snapshot), and its size in bytes (0 for a directory, a
     * symlink or a dump).
     */
    public record Entry(Action action, String path, long bytes) {
    }

    /** One source: its entries in tree order and their totals (directories are only counted). */
    public record PlannedSource(String kind, String name, List<Entry> entries, long filesCopied, long bytesCopied,
                                long filesLinked, long bytesLinked, long excluded, long dirs) {
        public PlannedSource {
            entries = List.copyOf(entries);
        }

        static PlannedSource of(String kind, String name, List<Entry> entries, long dirs) {
            return new PlannedSource(kind, name, entries, count(entries, Action.COPY), bytes(entries, Action.COPY),
                    count(entries, Action.LINK), bytes(entries, Action.LINK), count(entries, Action.EXCLUDE), dirs);
        }

        private static long count(List<Entry> entries, Action action) {
            return entries.stream().filter(e -> e.action() == action).count();
        }

        private static long bytes(List<Entry> entries, Action action) {
            return entries.stream().filter(e -> e.action() == action).mapToLong(Entry::bytes).sum();
        }
    }

    /** The snapshot every unchanged file would be linked to, if there is one. */
    public Optional<Path> linkedTo() {
        return linkDests.stream().findFirst();
    }
}
