/**
 * Transfer: what copies a source tree into a partial snapshot. An {@link io.kaizen.backup.transfer.Engine}
 * must give the tree {@code rsync -aH --delete --numeric-ids --link-dest=PREV} gives (docs/ARCHITECTURE.md);
 * {@link io.kaizen.backup.transfer.FilterRules} are rsync's filter syntax, shared by every engine.
 */
package io.kaizen.backup.transfer;
