package io.kaizen.backup.restore;

import java.nio.file.Path;
import java.util.List;

/** What a restore did (or, on a dry run, would do): the snapshot used, where, and rsync's itemized changes. */
public record RestoreResult(String snapshot, Path source, Path destination, boolean dryRun, List<String> changes) {
    public RestoreResult {
        changes = List.copyOf(changes);
    }
}
