/**
 * Remote access to nodes and devices over SSH, with JSch (docs/ARCHITECTURE.md, docs/PROTOCOL.md).
 *
 * <p>Invariants: public-key authentication only (no passwords, no agent, no agent forwarding); host keys are
 * checked against our own known_hosts file on every connection, a node's under its name (never its address), and
 * a changed key, or another node's, is always refused, naming both fingerprints; an unknown key is refused unless the caller explicitly asked to trust it on first use (then it is
 * pinned); every connection has a connect timeout, keepalives and an inactivity limit, so a node that hangs
 * fails on its own instead of blocking others. {@link io.kaizen.backup.remote.SshConnector} is the one client:
 * it opens the collector's sessions and runs one command on a device (switch configuration) within an overall
 * time limit; {@link io.kaizen.backup.remote.SshTarget} is the one target type and refuses anything SSH could
 * read as an option; {@link io.kaizen.backup.remote.Enrolment} decides whether a host key is pinned.
 */
package io.kaizen.backup.remote;
