package io.kaizen.backup.history;

import io.kaizen.backup.store.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Groups what each snapshot holds of one file into versions: one per run of snapshots with the same content. Pure. */
public final class FileVersions {
    private FileVersions() {
    }

    /** What one snapshot holds of the file: its content hash and size, or null for both when it is absent. */
    public record Sighting(String snapshot, RunStatus run, String sha256, Long size) {
        boolean sameVersion(Sighting other) {
            return Objects.equals(sha256, other.sha256);
        }
    }

    /**
     * One version: the first and last snapshot holding it, how many snapshots in a row, its hash and size
     * (null when the file was absent), and whether any of those snapshots was made by a run that failed (an
     * absence there may be the failure, not a deletion).
     */
    public record Version(String first, String last, int snapshots, String sha256, Long size, boolean failedRun) {
        public boolean present() {
            return sha256 != null;
        }
    }

    /** Consecutive sightings of the same content (or of absence) become one version, oldest first. */
    public static List<Version> group(List<Sighting> sightings) {
        List<Version> versions = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sightings.size(); i++) {
            if (i == sightings.size() || !sightings.get(i).sameVersion(sightings.get(start))) {
                List<Sighting> run = sightings.subList(start, i);
                Sighting first = run.get(0);
                versions.add(new Version(first.snapshot(), run.get(run.size() - 1).snapshot(), run.size(),
                        first.sha256(), first.size(), run.stream().anyMatch(s -> s.run() == RunStatus.FAILED)));
                start = i;
            }
        }
        return versions;
    }
}
