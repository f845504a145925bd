/**
 * The public API for embedding Kaizen Backup: {@link io.kaizen.backup.api.Backups} takes snapshots, collects
 * nodes, verifies, restores, prunes and lists, each from an immutable request built by a builder.
 *
 * <p>Invariants: this package only wires and delegates to the jobs below it (it decides nothing a job
 * decides); requests are immutable and checked when built, with required parts in the builder's factory; the
 * clock and the name of this host are given once, to the facade; results are the jobs' own result values.
 */
package io.kaizen.backup.api;
