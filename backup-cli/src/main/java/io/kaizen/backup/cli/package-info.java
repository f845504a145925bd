/**
 * The {@code kaizen} command line. Each command validates its options, builds one request, calls one core
 * service and renders the result: text on stdout (the log), problems only on stderr, {@code --json} for
 * machines. Exit codes are a contract (README.md): 0 success, 1 failed, 2 bad usage or
 * configuration (nothing changed), 3 completed with warnings.
 */
package io.kaizen.backup.cli;
