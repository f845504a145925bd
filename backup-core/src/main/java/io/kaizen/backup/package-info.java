/**
 * Kaizen Backup core: dated, hard-linked, atomically committed snapshots of a node's paths and dumps.
 *
 * <p>Sub-packages are layered as docs/ARCHITECTURE.md states; dependencies point down. Core never prints,
 * never exits and never reads the wall clock: it is handed a {@link java.time.Clock}, paths and listeners.
 * {@link io.kaizen.backup.KaizenException} is the root of every exception it throws on purpose;
 * {@link io.kaizen.backup.ConfigException} means bad input, detected before anything changed.
 */
package io.kaizen.backup;
