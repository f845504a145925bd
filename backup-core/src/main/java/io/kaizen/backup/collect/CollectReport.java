package io.kaizen.backup.collect;

import java.time.Instant;
import java.util.List;

/**
 * The result of a collection run: one result per inventory node, in inventory order, and the warnings about the
 * collector's store as a whole (its file system's mount options).
 */
public record CollectReport(List<NodeResult> nodes, Instant started, Instant finished, List<String> warnings) {
    public CollectReport {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    /** Whether any node failed or is stale (the run then exits 1). */
    public boolean failed() {
        return nodes.stream().anyMatch(n -> n.status() != NodeResult.Status.OK);
    }

    /** 1 if any node failed or is stale, 3 if warnings only, else 0. */
    public int exitCode() {
        if (failed()) {
            return 1;
        }
        return !warnings.isEmpty() || nodes.stream().anyMatch(n -> !n.warnings().isEmpty()) ? 3 : 0;
    }
}
