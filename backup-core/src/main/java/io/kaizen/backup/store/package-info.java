/**
 * The store: dated snapshot directories, their manifest and sums, the store lock and the last-run record
 * (docs/FORMAT.md, a contract).
 *
 * <p>Invariants: a snapshot is complete only after an atomic rename of its partial, made after its manifest and
 * sums are on disk; anything without a valid manifest is not a snapshot; a file inside a complete snapshot is
 * never modified; file names are handled as bytes ({@link io.kaizen.backup.fs.NativeNames}).
 */
package io.kaizen.backup.store;
