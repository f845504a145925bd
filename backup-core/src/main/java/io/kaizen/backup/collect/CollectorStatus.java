package io.kaizen.backup.collect;

import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health of a collector, per inventory node, from its own disk only: the newest good copy of each node and
 * its age (by the collector's clock against the node's recorded finish time), and the last collection's result.
 * A node is a problem when it has no copy, when its newest good copy is older than max-age, or when its last
 * collection failed or found it stale.
 */
public final class CollectorStatus {
    private CollectorStatus() {
    }

    /** One node's line. */
    public record NodeStatus(String node, Optional<String> newestGood, Optional<Duration> age,
                             Optional<LastRun> lastRun, List<String> problems) {
        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    public static List<NodeStatus> of(Path dest, List<Node> nodes, Instant now, Duration maxAge) {
        List<NodeStatus> statuses = new ArrayList<>();
        for (Node node : nodes) {
            SnapshotStore store = SnapshotStore.at(dest.resolve(node.name()));
            Optional<Snapshot> newestGood = store.snapshots().stream().filter(s -> s.manifest().status().usable())
                    .reduce((a, b) -> b);
            Optional<Duration> age = newestGood.map(s -> Duration.between(s.manifest().finished(), now));
            Optional<LastRun> lastRun = store.lastRun();
            List<String> problems = new ArrayList<>();
            if (newestGood.isEmpty()) {
                problems.add("no good copy in " + store.root());
            } else if (age.get().compareTo(maxAge) > 0) {
                problems.add("stale since " + newestGood.get().name() + ": newest good copy finished "
                        + age.get().toHours() + "h ago (limit " + maxAge.toHours() + "h)");
            }
            lastRun.filter(r -> r.status() == RunStatus.FAILED)
                    .ifPresent(r -> problems.add("last collection (" + r.started() + ") failed: " + r.message()));
            statuses.add(new NodeStatus(node.name(), newestGood.map(s -> s.name().toString()), age, lastRun, problems));
        }
        return statuses;
    }
}
