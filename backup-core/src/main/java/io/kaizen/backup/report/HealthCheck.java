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
import java.util.function.BiFunction;

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

    /**
     * Why the next run would not fit on a store's file system (the disk-space guard's rule: its snapshots, oldest
     * first, and the space), or empty when it would.
     */
    public interface SpaceShortfall extends BiFunction<List<Snapshot>, DiskSpace, Optional<String>> {
    }

    /** A node's own store, at {@code now}. */
    public static StoreCheck store(SnapshotStore store, Instant now, Duration maxAge) {
        return check(StoreLayout.nodeName(store), store, now, maxAge, (snapshots, space) -> Optional.empty());
    }

    /**
     * Every node's store on a collector ({@code dest/NODE}), in the inventory's order, at {@code now}. A node whose
     * snapshots wait for tier 3 (retention keeps them) is also a problem when {@code shortfall} says the next
     * collection would not fit: the alert comes before the kept snapshots fill the disk.
     */
    public static List<StoreCheck> collector(Path dest, List<Node> nodes, Instant now, Duration maxAge,
                                             SpaceShortfall shortfall) {
        return nodes.stream().map(n -> check(n.name(), SnapshotStore.at(dest.resolve(n.name())), now, maxAge,
                shortfall)).toList();
    }

    private static StoreCheck check(String node, SnapshotStore store, Instant now, Duration maxAge,
                                    SpaceShortfall shortfall) {
        List<Snapshot> snapshots = store.snapshots();
        NodeHistory history = NodeHistory.of(node, snapshots, store);
        Optional<DiskSpace> space = space(store);
        StoreHealth health = StoreHealth.of(history, now, maxAge);
        Optional<OffsiteLag> waiting = history.offsite().filter(lag -> lag.awaiting() > 0);
        if (waiting.isPresent() && space.isPresent()) {
            Optional<String> why = shortfall.apply(snapshots, space.get());
            if (why.isPresent()) {
                health = health.with(new StoreHealth.Reason(StoreHealth.Kind.OFFSITE_SPACE, waiting.get().awaiting()
                        + " snapshot(s) kept for tier 3 leave too little space for the next collection: " + why.get()));
            }
        }
        return new StoreCheck(node, store.root(), history, health, StoreMetrics.of(node, store.root().toString(),
                snapshots, history.lastRun(), space, history.offsite(), now));
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
