package io.kaizen.backup.report;

import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The numbers a store publishes for monitoring, one per metric; null where there is nothing to measure (no
 * snapshot, no recorded run), so that no misleading zero is published. Times are Unix seconds, ages seconds
 * before {@code now}; files, bytes and copied bytes are the newest snapshot's; free and size bytes are the store's
 * file system's (what this process may still write, and its size); the offsite pair is published for a store
 * replicated to tier 3 only: when tier 3 last confirmed one of its snapshots, and how many it has not confirmed.
 */
public record StoreMetrics(String node, String store, Double lastSuccessTimestamp, Double lastRunTimestamp,
                           Double lastRunSuccess, Double lastRunExitCode, Double lastRunDurationSeconds,
                           Double files, Double bytes, Double bytesCopied, double snapshots,
                           Double oldestAgeSeconds, Double newestAgeSeconds, Double freeBytes, Double sizeBytes,
                           Double offsiteLastSuccessTimestamp, Double offsiteUnconfirmed) {

    /**
     * The metrics of one store from its complete snapshots (oldest first), its last run and its file system's
     * space (empty: unknown) and tier 3's lag (empty: not replicated). Pure.
     */
    public static StoreMetrics of(String node, String store, List<Snapshot> snapshots, Optional<LastRun> lastRun,
                                  Optional<DiskSpace> space, Optional<OffsiteLag> offsite, Instant now) {
        Optional<Snapshot> newest = snapshots.isEmpty() ? Optional.empty()
                : Optional.of(snapshots.get(snapshots.size() - 1));
        Optional<Snapshot> newestGood = snapshots.stream().filter(s -> s.manifest().status().usable())
                .reduce((a, b) -> b);
        Optional<Counts> counts = newest.map(s -> s.manifest().counts());
        return new StoreMetrics(node, store,
                newestGood.map(s -> seconds(s.manifest().finished())).orElse(null),
                lastRun.map(r -> seconds(r.finished())).orElse(null),
                lastRun.map(r -> r.status().usable() ? 1.0 : 0.0).orElse(null),
                lastRun.map(r -> (double) r.exitCode()).orElse(null),
                lastRun.map(r -> Duration.between(r.started(), r.finished()).toMillis() / 1000.0).orElse(null),
                counts.map(c -> (double) c.files()).orElse(null),
                counts.map(c -> (double) c.bytes()).orElse(null),
                counts.map(c -> (double) c.bytesCopied()).orElse(null),
                snapshots.size(),
                snapshots.isEmpty() ? null : age(snapshots.get(0), now),
                newest.map(s -> age(s, now)).orElse(null),
                space.map(d -> (double) d.usable()).orElse(null),
                space.map(d -> (double) d.total()).orElse(null),
                offsite.flatMap(OffsiteLag::lastConfirmed).map(StoreMetrics::seconds).orElse(null),
                offsite.map(lag -> (double) lag.awaiting()).orElse(null));
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static double age(Snapshot snapshot, Instant now) {
        return Duration.between(snapshot.manifest().finished(), now).toMillis() / 1000.0;
    }
}
