/**
 * Retention: which snapshots of a store to keep and which to delete.
 *
 * <p>{@link io.kaizen.backup.retention.RetentionPlanner} turns a {@link io.kaizen.backup.retention.RetentionPolicy}
 * (keep-days or keep-daily/weekly/monthly/yearly, plus min-keep) and the store's snapshots into a
 * {@link io.kaizen.backup.retention.RetentionPlan}: exactly one KEEP or DELETE decision per snapshot, newest first,
 * each with a reason. Pure values: no I/O, no clock reads ("today" is passed in), no printing.
 *
 * <p>Safety invariants (docs/ARCHITECTURE.md) are applied after the policy and always win: a future-dated snapshot,
 * the newest snapshot and the newest successful snapshot are never deleted; nothing is deleted when the current run
 * failed or when the plan would keep fewer than min-keep snapshots.
 *
 * <p>{@link io.kaizen.backup.retention.Pruner} carries a plan out: on its own ({@code run}: lock, leftovers of
 * interrupted runs, plan, deletions, or nothing changed on a dry run), or as the last step of a snapshot or
 * collection job that holds the lock ({@code prune}).
 */
package io.kaizen.backup.retention;
