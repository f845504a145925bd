package io.kaizen.backup.fs;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * One entry of a tree walk: its path relative to the walk's root (bytes, '/'-separated), its full path and
 * its attributes (not following symlinks).
 */
public record TreeEntry(byte[] relative, Path path, PosixFileAttributes attributes) {
    public String display() {
        return NativeNames.display(relative);
    }
}
