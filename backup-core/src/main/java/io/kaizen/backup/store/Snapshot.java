package io.kaizen.backup.store;

import java.nio.file.Path;

/** A complete snapshot: its name, its directory and its manifest. */
public record Snapshot(SnapshotName name, Path dir, Manifest manifest) implements Comparable<Snapshot> {
    public static final String META_DIR = ".kaizen";

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
