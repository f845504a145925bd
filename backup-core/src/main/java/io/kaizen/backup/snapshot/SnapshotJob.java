package io.kaizen.backup.snapshot;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.Version;
import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.process.Interruption;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.retention.Trigger;
import io.kaizen.backup.source.CaptureContext;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.Hooks;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.HookRun;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunRecord;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.SourceResult;
import io.kaizen.backup.store.StoreLock;
import io.kaizen.backup.store.SumsBuilder;
import io.kaizen.backup.store.TreeRecords;
import io.kaizen.backup.store.WrittenSums;
import io.kaizen.backup.transfer.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sources to one snapshot (docs/FORMAT.md).
 *
 * <p>Order of work: check the request (bad input changes nothing; optional paths this node lacks are skipped),
 * lock the store, probe that it can hard-link (a store that cannot is refused before anything is written, unless
 * the request accepts it: then every run warns), refuse to start when the store has no room for it
 * ({@link SpaceGuard}), lower this process's priority as asked, run the run's {@code before} hook, clean
 * leftovers, capture each source (between its own hooks) into {@code DATE.partial} hard-linked against the newest
 * complete snapshot (and the newest successful one), write {@code backup.info}, sums and manifest, commit by
 * rename, then prune if the run did not fail, then run the run's {@code after} hook. A failed run never replaces
 * an existing complete snapshot of its date, and never prunes. A run that did not start or failed is recorded in
 * {@code last-run.json} like any other. A warning of the run itself (not of a source) ends it with warnings at
 * least.
 */
public final class SnapshotJob {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJob.class);
    /** What the run's own hooks guard, as their records name it. */
    private static final String RUN_SCOPE = "run";
    private static final DateTimeFormatter BACKUP_INFO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final Clock clock;
    private final SnapshotListener listener;

    public SnapshotJob(Clock clock, SnapshotListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Runs the request. Bad input is a {@link io.kaizen.backup.ConfigException} and a store locked by another run a
     * {@link io.kaizen.backup.store.StoreLockedException}, both before anything changed; every other outcome,
     * failure included, is in the report.
     */
    public RunReport run(SnapshotRequest request) {
        Engine engine = Engines.forName(request.engine(), request.deltaMinSize());
        List<Source> sources = Preflight.check(request);
        engine.checkAvailable();
        SnapshotStore store = SnapshotStore.at(request.store());
        Instant started = clock.instant();
        SnapshotName name = nameOf(request, started);
        Run run = new Run(request, sources, store, engine, name, started);
        try {
            store.create();
        } catch (IOException e) {
            throw new KaizenException("cannot create store " + store.root() + ": " + e.getMessage(), e);
        }
        try (StoreLock lock = store.lock(StoreLock.Holder.currentProcess(request.host(), started), run::warn)) {
            lock.onInterrupt(run::interrupted);
            return run.execute();
        } catch (IOException e) {
            throw new KaizenException("store " + store.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #run} would do with this request now, worked out without writing anything: no store, partial,
     * lock or last-run record is made. Bad input is a {@link io.kaizen.backup.ConfigException}, as for a run.
     */
    public SnapshotPlan plan(SnapshotRequest request) {
        Engines.forName(request.engine(), request.deltaMinSize()).checkAvailable();
        List<Source> sources = Preflight.check(request);
        SnapshotStore store = SnapshotStore.at(request.store());
        SnapshotName name = nameOf(request, clock.instant());
        List<Path> linkDests = linkDests(store, name);
        DryRunPlanner planner = new DryRunPlanner(linkDests, request.globalFilters(), request.checksum());
        return new SnapshotPlan(store.root(), name.toString(), linkDests, sources.stream().map(planner::plan).toList());
    }

    private SnapshotName nameOf(SnapshotRequest request, Instant now) {
        return request.date().orElseGet(() -> new SnapshotName(LocalDate.ofInstant(now, clock.getZone())));
    }

    /** The newest complete snapshot on or before {@code name} and the newest successful one, if different. */
    private static List<Path> linkDests(SnapshotStore store, SnapshotName name) {
        return Stream.of(store.newestOnOrBefore(name), store.newestUsableOnOrBefore(name))
                .flatMap(Optional::stream).map(Snapshot::dir).distinct().toList();
    }

    /** The state of one run, while it holds the lock. */
    private final class Run {
        private final SnapshotRequest request;
        private final List<Source> sources;
        private final SnapshotStore store;
        private final Engine engine;
        private final SnapshotName name;
        private final Instant started;
        private final List<String> warnings = new ArrayList<>();
        private final List<SourceResult> results = new ArrayList<>();
        private final List<HookRun> hookRuns = new ArrayList<>();
        private boolean runHooksStarted;
        private final RunRecord record;

        Run(SnapshotRequest request, List<Source> sources, SnapshotStore store, Engine engine, SnapshotName name,
            Instant started) {
            this.request = request;
            this.sources = sources;
            this.store = store;
            this.engine = engine;
            this.name = name;
            this.started = started;
            this.record = new RunRecord(store, request.host(), started, clock);
        }

        void warn(String message) {
            warnings.add(message);
            listener.warning(message);
        }

        RunReport execute() {
            Optional<String> refusal = spaceRefusal();
            if (refusal.isPresent()) {
                return report(RunStatus.FAILED, Optional.empty(), Counts.ZERO, Optional.of("snapshot " + name + " in "
                        + store.root() + " not started: " + refusal.get()), Optional.empty());
            }
            request.priority().applyToThisProcess().ifPresent(this::warn);
            runHooksStarted = true;
            Optional<HookRun> before = request.hooks().run(Hooks.Phase.BEFORE, RUN_SCOPE);
            before.ifPresent(hookRuns::add);
            if (before.isPresent() && !before.get().succeeded()) {
                return report(RunStatus.FAILED, Optional.empty(), Counts.ZERO, Optional.of("snapshot " + name + " in "
                        + store.root() + " not started: the run's " + before.get().describe()), Optional.empty());
            }
            Path partial = null;
            try {
                Optional<String> noHardLinks = store.hardLinkRefusal();
                if (noHardLinks.isPresent() && !request.acceptStoreWithoutHardLinks()) {
                    return report(RunStatus.FAILED, Optional.empty(), Counts.ZERO, Optional.of(noHardLinks.get()
                            + ": refused, nothing was written. Put the store on a file system with hard links (ext4, "
                            + "XFS, Btrfs), or accept it with accept-store-without-hard-links (every run then copies "
                            + "every file)"), Optional.empty());
                }
                noHardLinks.ifPresent(why -> warn(why + ": accepted (accept-store-without-hard-links), so every "
                        + "file is copied, none hard-linked to the previous snapshot"));
                store.cleanLeftovers().forEach(listener::leftoverRemoved);
                warnOfFutureSnapshots();
                Optional<Snapshot> previous = store.newestOnOrBefore(name);
                List<Path> linkDests = linkDests(store, name);
                partial = store.beginPartial(name);
                listener.started(name, partial, linkDests);
                WrittenSums writtenSums = WrittenSums.create();
                TreeRecords treeRecords = TreeRecords.spooledIn(partial.resolve(Snapshot.META_DIR));
                treeRecords.touched(DumpSource.DUMPS_DIR.getBytes(StandardCharsets.UTF_8));
                CaptureContext context = new CaptureContext(partial, linkDests, engine, request.globalFilters(),
                        request.checksum(), writtenSums, treeRecords);
                for (Source source : sources) {
                    listener.sourceStarted(source);
                    long start = System.nanoTime();
                    SourceResult result = request.hooksOf(source).around(source, () -> source.capture(context),
                            hookRuns::add);
                    LOG.debug("{} {}: {} in {} ms", source.kind(), source.name(), result.status().label(),
                            (System.nanoTime() - start) / 1_000_000);
                    results.add(result);
                    listener.sourceFinished(source, result);
                }
                return finish(partial, previous, writtenSums, treeRecords);
            } catch (IOException | UncheckedIOException | KaizenException e) {
                discard(partial);
                return report(RunStatus.FAILED, Optional.empty(), Counts.ZERO,
                        Optional.of("snapshot " + name + " in " + store.root() + " failed: " + e.getMessage()),
                        Optional.empty());
            }
        }

        /** Snapshots dated after today are the work of a clock that ran ahead: say so, and what becomes of them. */
        private void warnOfFutureSnapshots() {
            SnapshotName today = new SnapshotName(LocalDate.ofInstant(started, clock.getZone()));
            List<Snapshot> future = store.datedAfter(today);
            if (!future.isEmpty()) {
                warn("snapshots dated after today (" + today + "): " + future.stream().map(s -> s.name().toString())
                        .collect(Collectors.joining(", ")) + " (the clock was ahead, or --date named them so); they "
                        + "are not 'latest' nor linked against, retention keeps them until the run on their date "
                        + "replaces them; remove one by hand if it is wrong");
            }
        }

        private RunReport finish(Path partial, Optional<Snapshot> previous, WrittenSums writtenSums,
                                 TreeRecords treeRecords) throws IOException {
            RunStatus status = results.stream().map(SourceResult::status)
                    .reduce(warnings.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.WARNINGS, RunStatus::and);
            Files.writeString(partial.resolve(Snapshot.INFO_FILE), "Backup of " + request.host() + " created "
                    + BACKUP_INFO_TIME.format(started.atZone(clock.getZone())) + ".\n", StandardCharsets.UTF_8);
            listener.summing();
            long start = System.nanoTime();
            SumsBuilder.Result sums = SumsBuilder.build(partial, previous, writtenSums, treeRecords);
            treeRecords.deleteSpools();
            LOG.debug("sums of {} files in {} ms", sums.counts().files(), (System.nanoTime() - start) / 1_000_000);
            List<String> manifestWarnings = new ArrayList<>(warnings);
            results.stream().filter(r -> r.status() == RunStatus.WARNINGS)
                    .forEach(r -> manifestWarnings.add(r.name() + ": " + r.message()));
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.host(), name.toString(), started,
                    clock.instant(), Version.current(), engine.name(), status, results, sums.counts(),
                    manifestWarnings, sums.sumsSha256());
            SnapshotStore.writeManifest(partial, manifest);
            Optional<String> failure = failure(status);
            if (status == RunStatus.FAILED && store.find(name).isPresent()) {
                store.discard(partial);
                return report(status, Optional.empty(), sums.counts(), failure.map(f -> f
                        + "; the existing complete snapshot " + name + " was kept and this run's copy discarded"),
                        Optional.empty());
            }
            start = System.nanoTime();
            Snapshot snapshot = store.commit(name, partial);
            LOG.debug("committed (sync, rename) in {} ms", (System.nanoTime() - start) / 1_000_000);
            listener.committed(snapshot);
            Optional<Pruner.Outcome> pruned = Optional.empty();
            if (status.usable() && request.retention().isPresent()) {
                RetentionPolicy policy = request.retention().get();
                pruned = Optional.of(Pruner.prune(store, policy, clock, Trigger.made(name), false));
                listener.pruned(pruned.get());
            }
            return report(status, Optional.of(name.toString()), sums.counts(), failure, pruned);
        }

        /** Why the store has no room for this run (README, "Disk-space guard"), or empty. */
        private Optional<String> spaceRefusal() {
            try {
                return SpaceGuard.refusal(store.snapshots(), DiskSpace.of(store.root()), request.freeSpaceFloor());
            } catch (IOException e) {
                warn("cannot read the free space of " + store.root() + " (the run goes ahead): " + e.getMessage());
                return Optional.empty();
            }
        }

        private Optional<String> failure(RunStatus status) {
            if (status != RunStatus.FAILED) {
                return Optional.empty();
            }
            List<SourceResult> failed = results.stream().filter(r -> r.status() == RunStatus.FAILED).toList();
            return Optional.of(failed.size() + " of " + results.size() + " sources failed: " + failed.stream()
                    .map(r -> r.kind() + " " + r.name() + ": " + r.message()).collect(Collectors.joining("; ")));
        }

        private void discard(Path partial) {
            if (partial == null || !Files.exists(partial)) {
                return;
            }
            try {
                store.discard(partial);
            } catch (IOException | UncheckedIOException e) {
                warn("could not remove " + partial + " (the next run will): " + e.getMessage());
            }
        }

        /** Records the run as interrupted by {@code signal} (its children are stopped); says what it recorded. */
        String interrupted(Interruption.Signal signal) {
            String recorded = record.interrupted(signal, "snapshot " + name + " of " + store.root());
            return recorded == null ? null : recorded + "; the next run removes its partial copy";
        }

        private RunReport report(RunStatus status, Optional<String> snapshot, Counts counts, Optional<String> failure,
                                 Optional<Pruner.Outcome> pruned) {
            Optional<HookRun> after = runHooksStarted ? request.hooks().run(Hooks.Phase.AFTER, RUN_SCOPE)
                    : Optional.empty();
            after.ifPresent(hookRuns::add);
            RunStatus ended = status;
            if (after.isPresent() && !after.get().succeeded()) {
                warn("the run's " + after.get().describe());
                ended = status.and(RunStatus.WARNINGS);
            }
            Instant finished = clock.instant();
            RunReport report = new RunReport(store.root(), snapshot, ended, started, finished, results, counts,
                    warnings, failure, pruned, hookRuns);
            try {
                record.result(new LastRun(request.host(), snapshot.orElse(null), started, finished, ended,
                        ended.exitCode(), failure.orElse(null), null, hookRuns, null));
            } catch (IOException | UncheckedIOException e) {
                listener.warning("could not record the run in " + store.root() + "/.kaizen/last-run.json: "
                        + e.getMessage());
            }
            return report;
        }
    }
}
