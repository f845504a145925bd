package io.kaizen.backup.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real paths (symlinks resolved) of paths that may not exist yet, for checks such as "is X inside Y". */
public final class RealPaths {
    private RealPaths() {
    }

    /** The real path of {@code path}, or of its nearest existing ancestor with the rest appended. */
    public static Path ofNearestExisting(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(existing.relativize(path));
    }
}
