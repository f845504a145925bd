package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;
import java.util.Objects;
import java.util.Optional;

/**
 * What asks for retention: a run that made a snapshot (kept whatever its date, so a backfill with {@code --date}
 * older than the policy's window survives its own run), a run that failed (nothing is deleted), or no run at
 * all ({@code kaizen prune}).
 *
 * @param made      the snapshot the triggering run committed, if any
 * @param runFailed whether the triggering run failed
 */
public record Trigger(Optional<SnapshotName> made, boolean runFailed) {
    /** {@code kaizen prune}: no run, nothing made. */
    public static final Trigger NONE = new Trigger(Optional.empty(), false);

    public Trigger {
        Objects.requireNonNull(made, "made");
    }

    /** A run that failed. */
    public static Trigger failedRun() {
        return new Trigger(Optional.empty(), true);
    }

    /** A successful run that committed {@code name}. */
    public static Trigger made(SnapshotName name) {
        return new Trigger(Optional.of(name), false);
    }
}
