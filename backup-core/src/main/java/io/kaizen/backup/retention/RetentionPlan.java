package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;
import java.util.List;

/**
 * The outcome of retention: one decision per snapshot, newest first (an immutable copy).
 */
public record RetentionPlan(List<Decision> decisions) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
        for (int i = 1; i < decisions.size(); i++) {
            if (decisions.get(i - 1).name().compareTo(decisions.get(i).name()) <= 0) {
                throw new IllegalArgumentException("decisions must be newest first, one per snapshot: "
                        + decisions.get(i - 1).name() + " then " + decisions.get(i).name());
            }
        }
    }

    /** The snapshots kept, newest first. */
    public List<SnapshotName> toKeep() {
        return decisions.stream().filter(Decision::isKeep).map(Decision::name).toList();
    }

    /** The snapshots to delete, newest first. */
    public List<SnapshotName> toDelete() {
        return decisions.stream().filter(d -> !d.isKeep()).map(Decision::name).toList();
    }

    /**
     * The decision about one snapshot.
     *
     * @throws IllegalArgumentException if the snapshot is not in this plan
     */
    public Decision decision(SnapshotName name) {
        return decisions.stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("snapshot " + name + " is not in this plan"));
    }
}
