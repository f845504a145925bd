/**
 * Child processes (rsync, sync, dump commands), the only place that starts one: run without a shell from an
 * argument vector, stdout to a given stream or straight into a file, the tail of stderr kept for the error message.
 * Only a server run for the SSH session ({@code kaizen serve} starting {@code rsync --server}) gets this process's
 * own stdin and stdout. A timeout kills the command and its descendants.
 */
package io.kaizen.backup.process;
