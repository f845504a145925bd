package io.kaizen.backup.retention;

import io.kaizen.backup.store.OffsiteConfirmations;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Carries out retention on a store: {@link #run} is a prune on its own (it takes the store's lock and clears the
 * leftovers of interrupted runs first); {@link #prune} is the step of a job that already holds the lock.
 * "Today" is the clock's date in the clock's zone.
 */
public final class Pruner {
    private Pruner() {
    }

    /**
     * A prune on its own: the store, the policy, whether to change nothing, and this host's name (for the lock).
     */
    public record Request(SnapshotStore store, RetentionPolicy policy, boolean dryRun, String host) {
        public Request {
            if (store == null || policy == null || host == null) {
                throw new IllegalArgumentException("a prune needs a store, a policy and a host name");
            }
        }
    }

    /** What a prune on its own did: the plan and deletions, and the leftovers removed (found, on a dry run). */
    public record Result(Path store, RetentionPolicy policy, boolean dryRun, Outcome outcome, List<Path> leftovers) {
        public Result {
            leftovers = List.copyOf(leftovers);
        }
    }

    /** A plan and the snapshots actually deleted (none on a dry run). */
    public record Outcome(RetentionPlan plan, List<SnapshotName> deleted) {
        public Outcome {
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Locks the store, removes the leftovers of interrupted runs (only lists them on a dry run), then plans and,
     * unless a dry run, deletes. Lock warnings (a stale lock taken over) go to {@code warnings}.
     */
    public static Result run(Request request, Clock clock, Consumer<String> warnings) throws IOException {
        SnapshotStore store = request.store();
        try (StoreLock lock = store.lock(StoreLock.Holder.currentProcess(request.host(), clock.instant()), warnings)) {
            lock.onInterrupt(signal -> "prune of " + store.root() + " stopped; the next run finishes removing a "
                    + "snapshot it was deleting");
            List<Path> leftovers = request.dryRun() ? store.leftovers() : store.cleanLeftovers();
            Outcome outcome = prune(store, request.policy(), clock, Trigger.NONE, request.dryRun());
            return new Result(store.root(), request.policy(), request.dryRun(), outcome, leftovers);
        }
    }

    /**
     * Plans over the store's complete snapshots and, unless {@code dryRun}, deletes what the plan says. The caller
     * holds the store's lock.
     */
    public static Outcome prune(SnapshotStore store, RetentionPolicy policy, Clock clock, Trigger trigger,
                                boolean dryRun) throws IOException {
        List<Snapshot> snapshots = store.snapshots();
        Optional<SortedSet<SnapshotName>> confirmed = store.offsiteConfirmed().map(OffsiteConfirmations::dates);
        List<Candidate> candidates = snapshots.stream()
                .map(s -> new Candidate(s.name(), s.manifest().status().usable(),
                        confirmed.isPresent() && !confirmed.get().contains(s.name())))
                .toList();
        RetentionPlan plan = RetentionPlanner.plan(candidates, policy, LocalDate.now(clock), trigger);
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
