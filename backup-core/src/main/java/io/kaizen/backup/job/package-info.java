/**
 * Jobs: one run of a whole capability. {@link io.kaizen.backup.job.SnapshotJob} turns sources into one
 * snapshot: checks its input before touching anything, holds the store lock for the whole run, commits
 * atomically, and prunes only after a run that did not fail.
 */
package io.kaizen.backup.job;
