package io.kaizen.backup.retention;

import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Carries out a retention plan on a store. The caller holds the store's lock. */
public final class Pruner {
    private Pruner() {
    }

    /** A plan and the snapshots actually deleted (none on a dry run). */
    public record Outcome(RetentionPlan plan, List<SnapshotName> deleted) {
        public Outcome {
            deleted = List.copyOf(deleted);
        }
    }

    /** Plans over the store's complete snapshots and, unless {@code dryRun}, deletes what the plan says. */
    public static Outcome prune(SnapshotStore store, RetentionPolicy policy, LocalDate today,
                                Trigger trigger, boolean dryRun) throws IOException {
        List<Snapshot> snapshots = store.snapshots();
        List<Candidate> candidates = snapshots.stream()
                .map(s -> new Candidate(s.name(), s.manifest().status().usable()))
                .toList();
        RetentionPlan plan = RetentionPlanner.plan(candidates, policy, today, trigger);
        List<SnapshotName> deleted = new ArrayList<>();
        if (!dryRun) {
            for (Snapshot snapshot : snapshots) {
                if (plan.toDelete().contains(snapshot.name())) {
                    store.delete(snapshot);
                    deleted.add(snapshot.name());
                }
            }
        }
        return new Outcome(plan, deleted);
    }
}
