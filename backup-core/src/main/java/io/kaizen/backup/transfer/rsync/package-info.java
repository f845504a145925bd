/**
 * The rsync engine: the real rsync binary, whose argument vector is built by a pure, tested function
 * ({@link io.kaizen.backup.transfer.rsync.RsyncCommand}). Exit 24 (files vanished) is a warning; any other
 * non-zero exit fails the source.
 */
package io.kaizen.backup.transfer.rsync;
