/**
 * Inventory: which nodes a collector pulls. {@link io.kaizen.backup.inventory.Inventory} is the port; the static
 * YAML file and the directory of one file per node (filled by the Puppet module's exported resources) are read
 * by {@code config}; a PuppetDB query is a future implementation.
 *
 * <p>Invariants: node names are unique and safe as one directory name ({@code [A-Za-z0-9][A-Za-z0-9._-]*}, at
 * most 64 bytes), since each node's copies live in {@code DEST/NAME/}.
 */
package io.kaizen.backup.inventory;
