/**
 * The receiving side of a pull: everything here handles input from a node, which is untrusted.
 *
 * <p>Invariants: every name is checked ({@link io.kaizen.backup.fs.RelativePaths}) and every parent is a real
 * directory of the partial ({@link io.kaizen.backup.fs.SafeParents}) before anything is written; nothing is
 * written outside the partial; symlinks from the node are created, never followed; every file's content is
 * checked against the node's SHA256SUMS, and the sums file against the node's manifest, before the snapshot
 * is committed; sizes, counts and lengths (a SHA256SUMS line included) are bounded before memory is spent on them;
 * unless devices are preserved, no device node is made and no regular file keeps a set-id bit in the partial (both
 * are recorded in its {@code .kaizen/specials}, docs/FORMAT.md).
 *
 * <p>Flow: {@link io.kaizen.backup.collect.pull.SnapshotPuller} checks the manifest and the sums file;
 * {@link io.kaizen.backup.collect.pull.PullListing} checks the entry list into a spool; then the
 * {@link io.kaizen.backup.collect.pull.PullPlanner} (which only reads: the spool and the previous snapshot) decides
 * each entry and sends the node its requests, and the {@link io.kaizen.backup.collect.pull.PullWriter}, the only
 * code that writes into the partial, carries the decisions out.
 */
package io.kaizen.backup.collect.pull;
