package io.kaizen.backup.snapshot;

import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SourceResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What a snapshot run tells while it runs. Every method has a no-op default; implementations must be fast and
 * must not throw.
 */
public interface SnapshotListener {
    SnapshotListener NONE = new SnapshotListener() {
    };

    /** Something the operator should know that did not fail the run. */
    default void warning(String message) {
    }

    /** A stale partial (or half-deleted snapshot) of an earlier run was removed. */
    default void leftoverRemoved(Path dir) {
    }

    default void started(SnapshotName name, Path partial, List<Path> linkDests) {
    }

    default void sourceStarted(Source source) {
    }

    default void sourceFinished(Source source, SourceResult result) {
    }

    /** All sources are in; the sums are being computed. */
    default void summing() {
    }

    default void committed(Snapshot snapshot) {
    }

    default void pruned(Pruner.Outcome outcome) {
    }
}
