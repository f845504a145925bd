/**
 * Sources: what a node backs up. A {@link io.kaizen.backup.source.PathSource} is a tree copied by the engine
 * under its absolute path; a {@link io.kaizen.backup.source.DumpSource} is a command's stdout stored under
 * {@code dumps/}. Each source reports its own result; one failing source never hides the others.
 */
package io.kaizen.backup.source;
