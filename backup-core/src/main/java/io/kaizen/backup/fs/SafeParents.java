package io.kaizen.backup.fs;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks that every parent of a relative path below a root is a real directory (not a symlink), so opening the
 * path cannot leave the root. Remembers the last parent it checked: paths come in tree order, so most checks
 * are one comparison.
 */
public final class SafeParents {
    private final Path root;
    private byte[] lastGood;

    public SafeParents(Path root) {
        this.root = root;
    }

    public boolean check(byte[] relative) {
        byte[] parent = RelativePaths.parent(relative);
        if (parent.length == 0 || (lastGood != null && Arrays.equals(parent, lastGood))) {
            return true;
        }
        for (int i = 0; i <= parent.length; i++) {
            if (i == parent.length || parent[i] == '/') {
                Path dir = NativeNames.resolve(root, Arrays.copyOf(parent, i));
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
        }
        lastGood = parent;
        return true;
    }
}
