package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;

/**
 * One complete snapshot in a store, as retention sees it.
 *
 * @param name              the snapshot
 * @param succeeded         whether its manifest says the run that made it succeeded
 * @param awaitingOffsite   whether the store is replicated to tier 3 and tier 3 has not confirmed this snapshot
 */
public record Candidate(SnapshotName name, boolean succeeded, boolean awaitingOffsite) {
    public Candidate {
        if (name == null) {
            throw new IllegalArgumentException("snapshot name is required");
        }
    }

    /** A snapshot of a store that is not replicated to tier 3 (or already confirmed there). */
    public Candidate(SnapshotName name, boolean succeeded) {
        this(name, succeeded, false);
    }
}
