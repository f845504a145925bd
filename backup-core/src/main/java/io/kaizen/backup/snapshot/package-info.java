/**
 * The node's snapshot job: {@link io.kaizen.backup.snapshot.SnapshotJob} turns sources into one snapshot.
 *
 * <p>Invariants: the request is checked before anything is touched (bad input changes nothing); the store lock is
 * held for the whole run; the snapshot is built in a partial and committed by one atomic rename after its
 * manifest and sums are on disk; retention runs only after a run that did not fail.
 */
package io.kaizen.backup.snapshot;
