package io.kaizen.backup.snapshot;

import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.store.Snapshot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a run may start on a store (README, "Disk-space guard"): it needs as much as the most any of the
 * {@link #RECENT} newest runs that did not fail wrote (their manifests' copied bytes; a failed run's copy was
 * removed and says nothing of a normal night), and must leave the floor free. Pure. {@code kaizen status} applies
 * the same rule to a collector's node whose snapshots wait for tier 3.
 */
public final class SpaceGuard {
    static final int RECENT = 7;
    private static final double MIB = 1 << 20;

    private SpaceGuard() {
    }

    /** The bytes the next run is expected to write: the largest of the recent successful runs' (0: no history). */
    static long estimate(List<Snapshot> snapshots) {
        List<Snapshot> usable = snapshots.stream().filter(s -> s.manifest().status().usable()).toList();
        return usable.subList(Math.max(0, usable.size() - RECENT), usable.size()).stream()
                .mapToLong(s -> s.manifest().counts().bytesCopied()).max().orElse(0);
    }

    /** Why the run must not start, with the numbers, or empty when it may. */
    public static Optional<String> refusal(List<Snapshot> snapshots, DiskSpace space, FreeSpaceFloor floor) {
        long needed = estimate(snapshots);
        long floorBytes = floor.bytesOf(space);
        long left = space.usable() - needed;
        if (left >= floorBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "not enough free space: %s free of %s; recent runs wrote up to %s,"
                        + " which would leave %s, under the free-space floor of %s (%s); free some space (kaizen prune)"
                        + " or lower free-space-floor", mib(space.usable()), mib(space.total()), mib(needed), mib(left),
                floor.describe(), mib(floorBytes)));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }
}
