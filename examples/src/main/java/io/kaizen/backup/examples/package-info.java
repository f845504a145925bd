/**
 * Examples of embedding Kaizen Backup through {@link io.kaizen.backup.api.Backups}: a node's snapshot
 * ({@link io.kaizen.backup.examples.EmbeddedSnapshot}) and a collector's pull over SSH
 * ({@link io.kaizen.backup.examples.EmbeddedCollect}). They print; the library never does.
 */
package io.kaizen.backup.examples;
