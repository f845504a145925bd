package io.kaizen.backup.store;

import io.kaizen.backup.fs.RelativePaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** A complete snapshot: its name, its directory and its manifest. */
public record Snapshot(SnapshotName name, Path dir, Manifest manifest) implements Comparable<Snapshot> {
    public static final String META_DIR = ".kaizen";
    /** The one-line file the old scripts wrote at the top of each snapshot ("Backup of HOST created DATE."). */
    public static final String INFO_FILE = "backup.info";
    private static final byte[] META = META_DIR.getBytes(StandardCharsets.US_ASCII);

    /**
     * Why {@code relative} cannot name an entry of a snapshot's tree, or empty if it can: a plain relative path
     * ({@link RelativePaths#problem}) outside the snapshot's own metadata directory.
     */
    public static Optional<String> entryProblem(byte[] relative) {
        return RelativePaths.problem(relative).or(() -> {
            boolean meta = relative.length >= META.length && Arrays.equals(relative, 0, META.length, META, 0, META.length)
                    && (relative.length == META.length || relative[META.length] == '/');
            return meta ? Optional.of("the snapshot's metadata directory") : Optional.empty();
        });
    }

    public Path manifestFile() {
        return dir.resolve(META_DIR).resolve("manifest.json");
    }

    public Path sumsFile() {
        return dir.resolve(META_DIR).resolve("SHA256SUMS");
    }

    @Override
    public int compareTo(Snapshot other) {
        return name.compareTo(other.name);
    }
}
