package io.kaizen.backup.store;

import java.time.Instant;
import java.util.List;

/**
 * {@code .kaizen/manifest.json}: what a snapshot is, who made it and how. A directory without a readable
 * manifest of a known format version whose {@code snapshot} names that directory is not a snapshot.
 */
public record Manifest(int formatVersion, String host, String snapshot, Instant started, Instant finished,
                       String toolVersion, String engine, RunStatus status, List<SourceResult> sources,
                       Counts counts, List<String> warnings, String sumsSha256) {
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        sources = List.copyOf(sources);
        warnings = List.copyOf(warnings);
    }
}
