/**
 * The Java engine: copies a local tree into a partial snapshot without rsync, with rsync's result
 * (docs/ARCHITECTURE.md). One walker thread lists and stats the source in tree order and applies the filter rules; a
 * bounded pool links unchanged files to the previous snapshot or copies changed ones (temp name, attributes,
 * rename). A directory's attributes are set once everything below it is done. Memory holds the directories
 * being walked and the members of hard-link groups seen so far, never the whole tree.
 */
package io.kaizen.backup.transfer.tree;
