package io.kaizen.backup.report;

import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.store.StoreException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a store holds of one node (a node's own store, or a collector's {@code DEST/NODE}): its complete copies,
 * oldest first, and the result of its last run or collection ({@code .kaizen/last-run.json}), or why that record
 * cannot be read; and, when the store is replicated to tier 3, how far tier 3 is behind it.
 */
public record NodeHistory(String node, List<Copy> copies, Optional<LastRun> lastRun, Optional<String> lastRunUnreadable,
                          Optional<OffsiteLag> offsite) {
    public NodeHistory {
        copies = List.copyOf(copies);
    }

    /** A history whose last run's record (if any) was read, of a store not replicated to tier 3. */
    public NodeHistory(String node, List<Copy> copies, Optional<LastRun> lastRun) {
        this(node, copies, lastRun, Optional.empty(), Optional.empty());
    }

    /**
     * One complete copy, as its manifest describes it: the node's run status, when it finished, its size, the
     * bytes the node's run copied (new or changed data; the rest was hard-linked), and why sources failed.
     */
    public record Copy(LocalDate date, RunStatus status, Instant finished, long files, long bytes, long bytesCopied,
                       List<String> problems) {
        public Copy {
            problems = List.copyOf(problems);
        }

        static Copy of(Snapshot snapshot) {
            Manifest manifest = snapshot.manifest();
            Counts counts = manifest.counts();
            List<String> problems = manifest.sources().stream().filter(s -> s.status() == RunStatus.FAILED)
                    .map(Copy::problem).toList();
            return new Copy(snapshot.name().date(), manifest.status(), manifest.finished(), counts.files(),
                    counts.bytes(), counts.bytesCopied(), problems);
        }

        private static String problem(SourceResult source) {
            return source.kind() + " " + source.name() + (source.message() == null ? " failed" : ": " + source.message());
        }
    }

    /** Reads a node's store; a missing store has no copies and no last run. */
    public static NodeHistory read(String node, SnapshotStore store) {
        return of(node, store.snapshots(), store);
    }

    /** The history of a store whose complete snapshots (oldest first) were already read. */
    static NodeHistory of(String node, List<Snapshot> snapshots, SnapshotStore store) {
        List<Copy> copies = snapshots.stream().map(Copy::of).toList();
        Optional<OffsiteLag> offsite = offsite(copies, store);
        try {
            return new NodeHistory(node, copies, store.lastRun(), Optional.empty(), offsite);
        } catch (StoreException corrupt) {
            return new NodeHistory(node, copies, Optional.empty(), Optional.of(corrupt.getMessage()), offsite);
        }
    }

    /** Tier 3's lag; none when the store is not replicated or its record of confirmations cannot be read. */
    private static Optional<OffsiteLag> offsite(List<Copy> copies, SnapshotStore store) {
        try {
            return store.offsiteConfirmed().map(c -> OffsiteLag.of(copies.stream().map(Copy::date).toList(), c));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the store has neither a copy of the node nor a record of trying. */
    public boolean empty() {
        return copies.isEmpty() && lastRun.isEmpty() && lastRunUnreadable.isEmpty();
    }
}
