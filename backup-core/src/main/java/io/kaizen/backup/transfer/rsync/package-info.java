/**
 * The rsync engine: the real rsync binary, whose argument vector is built by a pure, tested function
 * ({@link io.kaizen.backup.transfer.rsync.RsyncCommand}). Exit 24 (files vanished) is a warning; any other
 * non-zero exit fails the source. While it copies a directory, rsync prints a line per entry it makes, read as it
 * comes into the source's tree record ({@link io.kaizen.backup.transfer.rsync.ItemizedRecord}); a record that
 * cannot be made exactly is dropped, never guessed.
 */
package io.kaizen.backup.transfer.rsync;
