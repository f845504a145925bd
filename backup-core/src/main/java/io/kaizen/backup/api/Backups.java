package io.kaizen.backup.api;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.collect.CollectJob;
import io.kaizen.backup.collect.CollectListener;
import io.kaizen.backup.collect.CollectReport;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.restore.RestoreResult;
import io.kaizen.backup.restore.Restorer;
import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.verify.VerificationReport;
import io.kaizen.backup.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point for embedders: one method per operation, each taking an immutable request built by a builder
 * (listing takes only the store's path).
 *
 * <pre>{@code
 * Backups backups = Backups.create(Clock.systemDefaultZone(), "node1.example.org");
 * RunReport report = backups.snapshot(SnapshotSpec.builder(Path.of("/backups")).path(Path.of("/etc")).build());
 * }</pre>
 *
 * <p>Bad input is a {@link ConfigException} and a store locked by another run a
 * {@link io.kaizen.backup.store.StoreLockedException}, both before anything changed (a collection reports a
 * node's locked store in that node's result). The process running a
 * snapshot, restore or verification needs {@code --add-opens java.base/sun.nio.fs=io.kaizen.backup} (or
 * {@code =ALL-UNNAMED} on the class path): file names are handled as bytes. Thread-safe.
 */
public final class Backups {
    /** The selector of a store's newest complete snapshot, where a snapshot is named by date or this. */
    public static final String LATEST = "latest";

    private final Clock clock;
    private final String host;

    private Backups(Clock clock, String host) {
        this.clock = clock;
        this.host = host;
    }

    /**
     * A facade that dates runs by {@code clock} and names this machine {@code host} in manifests and store locks.
     */
    public static Backups create(Clock clock, String host) {
        Objects.requireNonNull(clock, "clock");
        if (host == null || host.isBlank()) {
            throw new ConfigException("the host name must not be empty");
        }
        return new Backups(clock, host);
    }

    /** Takes one snapshot; every outcome after the request was accepted, failure included, is in the report. */
    public RunReport snapshot(SnapshotSpec spec) {
        return snapshot(spec, SnapshotListener.NONE);
    }

    /** Takes one snapshot, telling {@code listener} as it goes. */
    public RunReport snapshot(SnapshotSpec spec, SnapshotListener listener) {
        return new SnapshotJob(clock, listener).run(spec.request(host));
    }

    /** Pulls every node's newest complete snapshot over SSH; each node's outcome is in the report. */
    public CollectReport collect(CollectSpec spec) {
        return collect(spec, CollectListener.NONE);
    }

    /** Pulls every node's newest complete snapshot, telling {@code listener} (from worker threads) as it goes. */
    public CollectReport collect(CollectSpec spec, CollectListener listener) {
        return CollectJob.overSsh(clock, spec.ssh(), listener).run(spec.request(host));
    }

    /** Re-hashes the chosen snapshots and compares them with their sums, one report per snapshot. */
    public List<VerificationReport> verify(VerifySpec spec) {
        Verifier.Request request = new Verifier.Request(existing(spec.store()), spec.all(), spec.snapshots());
        try {
            return Verifier.verify(request, clock, new Verifier.Listener() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Copies a path out of a snapshot (or, on a dry run, lists what would change). */
    public RestoreResult restore(RestoreSpec spec) {
        return Restorer.restore(spec.request(), clock);
    }

    /**
     * Under the store's lock, removes leftovers of interrupted runs and applies the retention policy (on a dry
     * run: only says what it would remove and delete).
     */
    public PruneResult prune(PruneSpec spec) {
        Pruner.Request request = new Pruner.Request(existing(spec.store()), spec.policy(), spec.dryRun(), host);
        List<String> warnings = new ArrayList<>();
        try {
            Pruner.Result result = Pruner.run(request, clock, warnings::add);
            return new PruneResult(result.store(), result.dryRun(), result.outcome(), result.leftovers(), warnings);
        } catch (IOException e) {
            throw new UncheckedIOException("prune of " + spec.store() + " failed: " + e.getMessage(), e);
        }
    }

    /** The complete snapshots of a store, oldest first. */
    public List<Snapshot> list(Path store) {
        return existing(store).snapshots();
    }

    private static SnapshotStore existing(Path root) {
        SnapshotStore store = SnapshotStore.at(Objects.requireNonNull(root, "store"));
        if (!store.exists()) {
            throw new ConfigException("no store at " + store.root());
        }
        return store;
    }
}
