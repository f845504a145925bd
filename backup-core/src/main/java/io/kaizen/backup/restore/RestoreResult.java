package io.kaizen.backup.restore;

import java.nio.file.Path;
import java.util.List;

/**
 * What a restore did (or, on a dry run, would do): the snapshot used, where, rsync's itemized changes, and the
 * files left alone because the target's copy is newer than the snapshot's (restored only with force).
 */
public record RestoreResult(String snapshot, Path source, Path destination, boolean dryRun, List<String> changes,
                            List<String> keptNewer) {
    public RestoreResult {
        changes = List.copyOf(changes);
        keptNewer = List.copyOf(keptNewer);
    }
}
