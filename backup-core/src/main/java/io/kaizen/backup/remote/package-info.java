/**
 * Remote access to nodes over SSH (DESIGN.md sections 5, 6 and 10), with JSch.
 *
 * <p>Invariants: public-key authentication only (no passwords, no agent, no agent forwarding); host keys are
 * checked against our own known_hosts file on every connection and a changed key is always refused, naming both
 * fingerprints; an unknown key is refused unless the caller explicitly asked to trust it on first use (then it is
 * pinned); every connection has a connect timeout, keepalives and an inactivity limit, so a node that hangs
 * fails on its own instead of blocking others.
 */
package io.kaizen.backup.remote;
