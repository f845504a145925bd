/**
 * The receiving side of a pull: everything here handles input from a node, which is untrusted.
 *
 * <p>Invariants: every name is checked ({@link io.kaizen.backup.fs.RelativePaths}) and every parent is a real
 * directory of the partial ({@link io.kaizen.backup.fs.SafeParents}) before anything is written; nothing is
 * written outside the partial; symlinks from the node are created, never followed; every file's content is
 * checked against the node's SHA256SUMS, and the sums file against the node's manifest, before the snapshot
 * is committed; sizes, counts and lengths are bounded before memory is spent on them.
 */
package io.kaizen.backup.collect.pull;
