package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;

/**
 * One complete snapshot in a store, as retention sees it.
 *
 * @param name      the snapshot
 * @param succeeded whether its manifest says the run that made it succeeded
 */
public record Candidate(SnapshotName name, boolean succeeded) {
    public Candidate {
        if (name == null) {
            throw new IllegalArgumentException("snapshot name is required");
        }
    }
}
