/**
 * Large files that change a little (VM images) on file systems with reflinks (XFS, btrfs): before the engine
 * runs, each such file that changed is made a reflinked copy of its previous version, and only the blocks that
 * differ are written into it, so a snapshot costs the changed blocks on disk instead of the whole file. The
 * engine then finds the file up to date and leaves it; the tree is the one the engine alone would have made
 * (docs/ARCHITECTURE.md), only sharing blocks with the previous snapshot. The previous snapshot's file is never
 * written: a reflinked copy is a new inode whose shared blocks are copied on write.
 */
package io.kaizen.backup.transfer.reflink;
