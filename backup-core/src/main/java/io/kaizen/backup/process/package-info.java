/**
 * Child processes (rsync, sync, dump commands), the only place that starts one: run without a shell from an
 * argument vector, stdout to a given stream or straight into a file, the tail of stderr kept for the error message.
 * Only a server run for the SSH session ({@code kaizen serve} starting {@code rsync --server}) gets this process's
 * own stdin and stdout. A timeout kills the command and its descendants. Every child carries this run's
 * {@code RunTag} in its environment and is known while it lives, so that {@code Interruption} (a signal) can stop
 * every child before the run is recorded, and a later run can find the processes of a run that died.
 */
package io.kaizen.backup.process;
