package io.kaizen.backup.collect;

import java.time.Instant;
import java.util.List;

/** The result of a collection run: one result per inventory node, in inventory order. */
public record CollectReport(List<NodeResult> nodes, Instant started, Instant finished) {
    public CollectReport {
        nodes = List.copyOf(nodes);
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
        return nodes.stream().anyMatch(n -> !n.warnings().isEmpty()) ? 3 : 0;
    }
}
