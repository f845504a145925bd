/**
 * Tier 3, the offsite repository (docs/OFFSITE-FORMAT.md): its format (keys, chunker, packs, index, trees,
 * roots) and its jobs: {@link io.kaizen.backup.offsite.Replicator} ({@code kaizen replicate}),
 * {@link io.kaizen.backup.offsite.OffsiteRestorer}, {@link io.kaizen.backup.offsite.OffsiteDrill},
 * {@link io.kaizen.backup.offsite.OffsiteCatalog} (init, list) and {@link io.kaizen.backup.offsite.OffsitePruner}.
 *
 * <p>Invariants: nothing leaves the collector unencrypted, and no object name reveals a file name, a node, a
 * date or a hash of plaintext; objects are created, never replaced; only the pruner deletes; a snapshot exists
 * at tier 3 exactly when its root object does, and the root is written after everything it references; the
 * collector's local cache and confirmations are accelerators and records, never trusted for a restore.
 */
package io.kaizen.backup.offsite;
