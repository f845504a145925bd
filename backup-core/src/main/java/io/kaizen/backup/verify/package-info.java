/**
 * Verification: which snapshots of a store to check (the newest, every one, or the ones named), each one's files
 * re-hashed against its {@code SHA256SUMS}, and the sums file against the
 * hash its manifest records. Read-only; every problem is counted and named, never only logged.
 */
package io.kaizen.backup.verify;
