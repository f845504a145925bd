package io.kaizen.backup.report;

import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks stores for monitoring: reads each store once and judges it by {@link StoreHealth}, with the metrics it
 * publishes from the same read. One store (a node's own), or every inventory node's store on a collector
 * ({@code DEST/NODE}), judged from the collector's own disk and clock.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    /** One store: what it holds, its health and its metrics. */
    public record StoreCheck(String node, Path store, NodeHistory history, StoreHealth health, StoreMetrics metrics) {
        /** The newest good copy, whose date and age {@link StoreHealth} gives. */
        public Optional<NodeHistory.Copy> newestGood() {
            return history.copies().stream().filter(c -> health.newestGood().filter(c.date()::equals).isPresent())
                    .findFirst();
        }
    }

    /** A node's own store, at {@code now}. */
    public static StoreCheck store(SnapshotStore store, Instant now, Duration maxAge) {
        return check(StoreLayout.nodeName(store), store, now, maxAge);
    }

    /** Every node's store on a collector ({@code dest/NODE}), in the inventory's order, at {@code now}. */
    public static List<StoreCheck> collector(Path dest, List<Node> nodes, Instant now, Duration maxAge) {
        return nodes.stream().map(n -> check(n.name(), SnapshotStore.at(dest.resolve(n.name())), now, maxAge)).toList();
    }

    private static StoreCheck check(String node, SnapshotStore store, Instant now, Duration maxAge) {
        List<Snapshot> snapshots = store.snapshots();
        NodeHistory history = NodeHistory.of(node, snapshots, store);
        return new StoreCheck(node, store.root(), history, StoreHealth.of(history, now, maxAge),
                StoreMetrics.of(node, store.root().toString(), snapshots, history.lastRun(), space(store),
                        history.offsite(), now));
    }

    /** The store's file system's space; unknown (not published) when it cannot be read. */
    private static Optional<DiskSpace> space(SnapshotStore store) {
        try {
            return Optional.of(DiskSpace.of(store.root()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
