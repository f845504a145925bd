package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which snapshots of a store to keep: first the policy (keep-days or GFS), then the safety invariants,
 * which always win. Snapshots dated after {@code today} are kept and take no policy slot.
 */
final class RetentionPlanner {
    private RetentionPlanner() {
    }

    /**
     * Plans retention for one store.
     *
     * @param snapshots        the complete snapshots, in any order, names unique
     * @param policy           the retention policy
     * @param today            the current date, from the caller's clock
     * @param trigger          the run that asks for retention: what it made is kept; if it failed, nothing is
     *                         deleted
     * @return one decision per snapshot, newest first
     * @throws IllegalArgumentException if two snapshots have the same name
     */
    public static RetentionPlan plan(List<Candidate> snapshots, RetentionPolicy policy, LocalDate today,
                                     Trigger trigger) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(today, "today");
        List<Candidate> newestFirst = newestFirst(snapshots);
        List<SnapshotName> notFuture = newestFirst.stream()
                .map(Candidate::name)
                .filter(name -> !name.date().isAfter(today))
                .toList();
        Map<SnapshotName, String> keptByPolicy = policy.isKeepDays()
                ? keepDays(notFuture, policy.keepDays(), today)
                : GfsRule.select(notFuture, policy);
        String deleteReason = policy.isKeepDays()
                ? "older than keep-days " + policy.keepDays()
                : "not selected by " + policy.rules();
        List<Decision> decisions = new ArrayList<>();
        for (Candidate candidate : newestFirst) {
            String keepReason = keptByPolicy.get(candidate.name());
            decisions.add(keepReason != null
                    ? Decision.keep(candidate.name(), keepReason)
                    : Decision.delete(candidate.name(), deleteReason));
        }
        return new RetentionPlan(Safeguards.apply(decisions, newestFirst, today, trigger,
                policy.minKeep()));
    }

    /** Keeps the snapshots dated after {@code today - days}, i.e. since {@code today - (days - 1)}. */
    private static Map<SnapshotName, String> keepDays(List<SnapshotName> names, int days, LocalDate today) {
        LocalDate since = today.minusDays(days - 1L);
        String reason = "within keep-days " + days + " (since " + since + ")";
        Map<SnapshotName, String> kept = new HashMap<>();
        for (SnapshotName name : names) {
            if (!name.date().isBefore(since)) {
                kept.put(name, reason);
            }
        }
        return kept;
    }

    private static List<Candidate> newestFirst(List<Candidate> snapshots) {
        Set<SnapshotName> seen = new HashSet<>();
        for (Candidate candidate : Objects.requireNonNull(snapshots, "snapshots")) {
            Objects.requireNonNull(candidate, "snapshot");
            if (!seen.add(candidate.name())) {
                throw new IllegalArgumentException("duplicate snapshot: " + candidate.name());
            }
        }
        return snapshots.stream().sorted(Comparator.comparing(Candidate::name).reversed()).toList();
    }
}
