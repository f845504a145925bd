package io.kaizen.backup.store;

import java.nio.file.Path;

/** A complete snapshot: its name, its directory and its manifest. */
public record Snapshot(SnapshotName name, Path dir, Manifest manifest) implements Comparable<Snapshot> {
    public static final String META_DIR = ".kaizen";
    /** The one-line file the old scripts wrote at the top of each snapshot ("Backup of HOST created DATE."). */
    public static final String INFO_FILE = "backup.info";

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
