/**
 * Where tier 3 (the offsite repository) lives: a flat namespace of immutable objects behind one small port,
 * {@link io.kaizen.backup.offsite.target.ObjectTarget}, with a directory and an S3-compatible implementation.
 *
 * <p>Invariants: an object, once created, is never replaced ({@code create} refuses an existing key); a reader
 * never sees a partly written object; {@code delete} exists for the offsite prune only. Targets know nothing of
 * the repository format: keys and bytes are opaque here.
 */
package io.kaizen.backup.offsite.target;
