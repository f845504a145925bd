/**
 * Restore: copy a path out of a snapshot, keeping mode, owner, times, symlinks and hard links, below a target
 * directory under the path's absolute name; or restore a database source's dumps into a server, as exact
 * commands to print or to run. Never writes into the store.
 */
package io.kaizen.backup.restore;
