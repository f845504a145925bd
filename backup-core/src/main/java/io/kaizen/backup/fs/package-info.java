/**
 * The file-system toolkit every other package stands on: file names as bytes ({@link io.kaizen.backup.fs.NativeNames}),
 * lstat without following links ({@link io.kaizen.backup.fs.FileStat}), a sorted tree walk, attributes and special
 * files (fifos, devices), checks of untrusted relative paths and of their parents.
 *
 * <p>Invariants: nothing here follows a symlink unless asked to; names are never decoded to text except for
 * display; a path from outside is checked ({@link io.kaizen.backup.fs.RelativePaths}) before it is resolved. This
 * package uses only {@code process} (mknod, and chmod/touch on fifos and devices) and the root package.
 */
package io.kaizen.backup.fs;
