package io.kaizen.backup.report;

import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.HookRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SourceResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of one snapshot run: the snapshot it made (if any), its status, each source's result, the counts,
 * warnings, the reason the run failed (if it did), what retention did afterwards (if it ran) and the hook commands
 * the run ran, in order.
 */
public record RunReport(Path store, Optional<String> snapshot, RunStatus status, Instant started, Instant finished,
                        List<SourceResult> sources, Counts counts, List<String> warnings, Optional<String> failure,
                        Optional<Pruner.Outcome> prune, List<HookRun> hooks) {
    public RunReport {
        sources = List.copyOf(sources);
        warnings = List.copyOf(warnings);
        hooks = List.copyOf(hooks);
    }
}
