/**
 * History: what changed between two snapshots ({@link io.kaizen.backup.history.SnapshotDiff}) and every version
 * of one file across a store ({@link io.kaizen.backup.history.FileVersions}), computed from manifests and
 * {@code SHA256SUMS} without walking the trees; a snapshot whose sums do not match its manifest is hashed instead.
 * Reads only; the merge and the grouping are pure functions.
 */
package io.kaizen.backup.history;
