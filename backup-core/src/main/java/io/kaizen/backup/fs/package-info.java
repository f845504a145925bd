/**
 * The file-system toolkit every other package stands on: file names as bytes ({@link io.kaizen.backup.fs.NativeNames}),
 * lstat without following links ({@link io.kaizen.backup.fs.FileStat}), a sorted tree walk, attributes, extended
 * attributes and POSIX ACLs ({@link io.kaizen.backup.fs.ExtendedAttributes}, through JNA), directories held open
 * so their entries are reached by name ({@link io.kaizen.backup.fs.OpenDirectory}: {@code fstatat}, {@code linkat},
 * files opened, created and renamed relative to them, {@link io.kaizen.backup.fs.OpenFile}) and special files
 * (fifos, devices), checks of untrusted relative paths and of their parents; the one atomic file replace
 * ({@link io.kaizen.backup.fs.AtomicFile}), the one tree removal, at any depth
 * ({@link io.kaizen.backup.fs.TreeRemoval}), the one hash-while-writing channel
 * ({@link io.kaizen.backup.fs.HashingChannel}), SHA-256 ({@link io.kaizen.backup.fs.Sha256}) and the one "am I
 * root" rule ({@link io.kaizen.backup.fs.ProcessIdentity}).
 *
 * <p>Invariants: nothing here follows a symlink unless asked to; names are never decoded to text except for
 * display; a path from outside is checked ({@link io.kaizen.backup.fs.RelativePaths}) before it is resolved; a
 * file replaced in place is replaced atomically and durably (temporary file, fsync, rename, fsync of the
 * directory), never rewritten. Of the project's packages this one imports only {@code process} (for the tools that
 * set attributes of, or make, fifos and devices).
 */
package io.kaizen.backup.fs;
