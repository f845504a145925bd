package io.kaizen.backup.api;

import io.kaizen.backup.retention.Pruner;
import java.nio.file.Path;
import java.util.List;

/**
 * What a prune did (on a dry run: would do): the retention plan with a reason per snapshot and the snapshots
 * deleted, the leftovers of interrupted runs removed, and warnings (such as a stale lock taken over).
 */
public record PruneResult(Path store, boolean dryRun, Pruner.Outcome outcome, List<Path> leftovers,
                          List<String> warnings) {
    public PruneResult {
        leftovers = List.copyOf(leftovers);
        warnings = List.copyOf(warnings);
    }
}
