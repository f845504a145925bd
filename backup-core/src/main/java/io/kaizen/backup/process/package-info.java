/**
 * Child processes (rsync, sync, dump commands): run without a shell from an argument vector, stdout to a given
 * stream, the tail of stderr kept for the error message. Never inherits the terminal.
 */
package io.kaizen.backup.process;
