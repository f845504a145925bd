package io.kaizen.backup.collect;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.collect.pull.PullOptions;
import io.kaizen.backup.collect.pull.PullStats;
import io.kaizen.backup.collect.pull.SnapshotPuller;
import io.kaizen.backup.collect.pull.VerificationException;
import io.kaizen.backup.fs.MountOptions;
import io.kaizen.backup.fs.ProcessIdentity;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.RemoteException;
import io.kaizen.backup.remote.SshConnector;
import io.kaizen.backup.remote.SshSettings;
import io.kaizen.backup.remote.agent.AgentClient;
import io.kaizen.backup.remote.agent.AgentConnector;
import io.kaizen.backup.remote.agent.AgentSession;
import io.kaizen.backup.remote.agent.Hello;
import io.kaizen.backup.remote.agent.IdleWatchdog;
import io.kaizen.backup.remote.agent.SnapshotInfo;
import io.kaizen.backup.remote.agent.SshAgentConnector;
import io.kaizen.backup.report.StoreHealth;
import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.retention.Trigger;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunRecord;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Inventory to collector store (docs/ARCHITECTURE.md): pulls every node's newest complete snapshot it does not
 * have yet into {@code DEST/NODE/DATE}, at most {@code parallel} nodes at once.
 *
 * <p>Per node: lock {@code DEST/NODE}, clean leftovers, connect, list the node's complete snapshots, pull the
 * newest into {@code DATE.partial} (linked against the newest local copy), verified as it is built, commit by
 * rename, then apply retention. A node is stale when, by {@link StoreHealth} over its listing on the node's own
 * clock, it has no good snapshot or its newest good one is older than max-age. Each node is isolated: its failure,
 * however it happens, becomes its result, and the others go on. Nothing is deleted for a node whose pull failed.
 */
public final class CollectJob {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Clock clock;
    private final AgentConnector connector;
    private final CollectListener listener;
    private final Sleeper sleeper;

    /** Waits between passes of a collection with retries. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public CollectJob(Clock clock, AgentConnector connector, CollectListener listener) {
        this(clock, connector, listener, duration -> Thread.sleep(Math.max(0, duration.toMillis())));
    }

    public CollectJob(Clock clock, AgentConnector connector, CollectListener listener, Sleeper sleeper) {
        this.clock = clock;
        this.connector = connector;
        this.listener = listener;
        this.sleeper = sleeper;
    }

    /** A collection that reaches every node's agent over SSH with {@code settings}. */
    public static CollectJob overSsh(Clock clock, SshSettings settings, CollectListener listener) {
        return new CollectJob(clock, new SshAgentConnector(new SshConnector(settings)), listener);
    }

    /**
     * Collects every node once; then, with a {@link RetrySchedule} and unless a dry run, again each node that
     * failed or whose newest snapshot is not from today, until none is left or the window closes. Each node's
     * result is that of its last attempt, with the number of attempts.
     */
    public CollectReport run(CollectRequest request) {
        Instant started = clock.instant();
        List<String> warnings = new ArrayList<>();
        try {
            Files.createDirectories(request.dest());
            if (!request.dryRun()) {
                Files.setPosixFilePermissions(request.dest(), OWNER_ONLY);
            }
            if (request.preserveDevices()) {
                mountWarning(request.dest()).ifPresent(warnings::add);
            }
        } catch (IOException e) {
            throw new KaizenException("cannot create " + request.dest() + " (mode 0700): " + e.getMessage(), e);
        }
        List<NodeResult> results = new ArrayList<>(pass(request, request.nodes()));
        if (!request.dryRun()) {
            request.retry().ifPresent(schedule -> retry(request, schedule, started, results));
        }
        return new CollectReport(results, started, clock.instant(), warnings);
    }

    /**
     * A warning when the store's file system is mounted without {@code nodev} or {@code nosuid} while devices are
     * preserved: a device node or set-id file in a copy is then live (README, "Security model"). Without
     * preserve-devices the copies hold neither, and the mount options are a second line only.
     */
    private static Optional<String> mountWarning(Path dest) throws IOException {
        return MountOptions.of(dest).filter(mount -> !mount.has("nodev", "nosuid"))
                .map(mount -> dest + " is on " + mount.mountPoint() + ", mounted without "
                        + (mount.has("nodev") ? "nosuid" : mount.has("nosuid") ? "nodev" : "nodev,nosuid")
                        + ": the device nodes and set-id files preserve-devices keeps are live there; mount it nodev,nosuid");
    }

    /** Passes over the nodes still {@link RetrySchedule#wanted wanted}, while the schedule allows. */
    private void retry(CollectRequest request, RetrySchedule schedule, Instant started, List<NodeResult> results) {
        Instant deadline = schedule.deadline(started, clock.getZone());
        LocalDate today = LocalDate.ofInstant(started, clock.getZone());
        while (true) {
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (RetrySchedule.wanted(results.get(i), today)) {
                    again.add(i);
                }
            }
            Optional<Instant> next = schedule.next(clock.instant(), deadline);
            if (again.isEmpty() || next.isEmpty()) {
                return;
            }
            List<Node> nodes = again.stream().map(request.nodes()::get).toList();
            listener.retrying(nodes, next.get());
            try {
                sleeper.sleep(Duration.between(clock.instant(), next.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<NodeResult> retried = pass(request, nodes);
            for (int k = 0; k < again.size(); k++) {
                int i = again.get(k);
                results.set(i, retried.get(k).withAttempts(results.get(i).attempts() + 1));
            }
        }
    }

    private List<NodeResult> pass(CollectRequest request, List<Node> nodes) {
        ExecutorService pool = Executors.newFixedThreadPool(request.parallel(), r -> {
            Thread thread = new Thread(r, "kaizen-collect");
            thread.setDaemon(true);
            return thread;
        });
        List<NodeResult> results = new ArrayList<>();
        try (IdleWatchdog watchdog = new IdleWatchdog(request.idleTimeout(), request.limits().deadline(),
                request.limits().minRate())) {
            List<Future<NodeResult>> futures = new ArrayList<>();
            for (Node node : nodes) {
                futures.add(pool.submit(() -> collectSafely(node, request, watchdog)));
            }
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), nodes.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private NodeResult await(Future<NodeResult> future, Node node) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return failed(node, NodeResult.LOCAL, "internal error: " + e.getCause(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(node, NodeResult.LOCAL, "interrupted", List.of());
        }
    }

    private NodeResult collectSafely(Node node, CollectRequest request, IdleWatchdog watchdog) {
        listener.nodeStarted(node);
        NodeResult result;
        try {
            result = new NodeRun(node, request).run(watchdog);
        } catch (RuntimeException | Error e) {
            result = failed(node, NodeResult.LOCAL, "internal error: " + e, List.of());
        }
        listener.nodeFinished(result);
        return result;
    }

    /** The failure kind of a node whose listing breaks append-only collection (a rewrite, a future date). */
    static final String REFUSED = "refused";
    /** The failure kind of a node whose snapshot is larger than its quota. */
    static final String OVER_QUOTA = "over quota";

    private static NodeResult failed(Node node, String kind, String message, List<String> warnings) {
        return new NodeResult(node.name(), NodeResult.Status.FAILED, NodeResult.Action.NONE, Optional.of(kind), message,
                Optional.empty(), Optional.empty(), Optional.empty(), PullStats.NONE, warnings, Optional.empty());
    }

    /** One node's run. */
    private final class NodeRun {
        private final Node node;
        private final CollectRequest request;
        private final SnapshotStore store;
        private final List<String> warnings = new ArrayList<>();
        private final Instant started = clock.instant();
        private final RunRecord record;

        NodeRun(Node node, CollectRequest request) {
            this.node = node;
            this.request = request;
            this.store = SnapshotStore.at(request.dest().resolve(node.name()));
            this.record = new RunRecord(store, node.name(), started, clock);
        }

        private synchronized void warn(String message) {
            warnings.add(message);
            listener.warning(node, message);
        }

        NodeResult run(IdleWatchdog watchdog) {
            NodeResult result;
            if (request.dryRun()) {
                result = attempt(watchdog);
            } else {
                try {
                    store.create();
                    Files.setPosixFilePermissions(store.root(), OWNER_ONLY);
                } catch (IOException e) {
                    return failed(node, NodeResult.LOCAL, "cannot create " + store.root() + " (mode 0700): "
                            + e.getMessage(), warnings);
                }
                try (StoreLock lock = store.lock(StoreLock.Holder.currentProcess(request.host(), started), this::warn)) {
                    lock.onInterrupt(signal -> record.interrupted(signal, "collection of " + node.name()));
                    store.cleanLeftovers();
                    result = attempt(watchdog);
                } catch (IOException | UncheckedIOException | KaizenException e) {
                    result = failed(node, NodeResult.LOCAL, "collector store " + store.root() + ": " + e.getMessage(), warnings);
                }
                record(result);
            }
            return result;
        }

        private NodeResult attempt(IdleWatchdog watchdog) {
            AgentSession session;
            try {
                session = connector.open(node.targetAmong(request.nodes()), request.bandwidthLimit(), this::warn);
            } catch (RemoteException e) {
                return failed(node, e.kind().label(), e.getMessage(), warnings);
            }
            IdleWatchdog.Watch watch = watchdog.watch(session);
            try {
                return withSession(session.client());
            } catch (VerificationException e) {
                return failed(node, NodeResult.VERIFICATION, node.name() + ": " + e.getMessage(), warnings);
            } catch (RemoteException e) {
                return failed(node, e.kind().label(), node.name() + ": " + e.getMessage(), warnings);
            } catch (IOException | UncheckedIOException | KaizenException e) {
                IdleWatchdog.Cut cut = watch.cut();
                String why = cut == null ? e.getMessage() + diagnostics(session) : switch (cut) {
                    case IDLE -> "no data for " + request.idleTimeout().toSeconds() + "s; connection cut";
                    case SLOW -> "less than " + request.limits().minRate() + " bytes/s on average (min-rate); connection cut";
                    case DEADLINE -> "still pulling after " + request.limits().deadline().toSeconds()
                            + "s (deadline); connection cut";
                };
                String kind = cut != null ? RemoteException.Kind.TIMEOUT.label()
                        : e instanceof KaizenException ? NodeResult.LOCAL : RemoteException.Kind.PROTOCOL.label();
                return failed(node, kind, node.name() + ": " + why, warnings);
            } finally {
                watch.close();
                session.abort();
                session.close();
            }
        }

        private String diagnostics(AgentSession session) {
            String said = session.diagnostics();
            return said == null || said.isBlank() ? "" : " (node said: " + said.replace('\n', ' ') + ")";
        }

        private NodeResult withSession(AgentClient client) throws IOException {
            Hello hello = client.hello();
            LocalDate latest = LocalDate.ofInstant(clock.instant(), clock.getZone()).plusDays(1);
            List<SnapshotInfo> listed = new ArrayList<>();
            List<String> future = new ArrayList<>();
            for (SnapshotInfo info : client.list()) {
                if (info.name().date().isAfter(latest)) {
                    future.add(info.name().toString());
                } else {
                    listed.add(info);
                }
            }
            Optional<String> refusedFuture = future.isEmpty() ? Optional.empty()
                    : Optional.of(node.name() + ": refused snapshot" + (future.size() == 1 ? " " : "s ")
                    + String.join(", ", future) + ": dated later than the collector's date + 1 day (" + latest
                    + "), never collected");
            Optional<SnapshotInfo> newest = listed.stream().max(Comparator.comparing(SnapshotInfo::name));
            if (newest.isEmpty()) {
                return failed(node, refusedFuture.isPresent() ? REFUSED : "no snapshot",
                        refusedFuture.orElse(node.name() + ": the node has no complete snapshot"), warnings);
            }
            StoreHealth health = StoreHealth.of(listed.stream()
                    .map(s -> new StoreHealth.Copy(s.name().date(), s.status(), s.finished())).toList(),
                    StoreHealth.LastRunRecord.NONE, hello.nodeTime(), request.maxAge());
            Optional<String> staleness = health.reasons().stream()
                    .filter(r -> r.kind() == StoreHealth.Kind.NO_GOOD_COPY || r.kind() == StoreHealth.Kind.STALE)
                    .map(r -> r.message() + ", by the node's listing and clock").findFirst();
            SnapshotInfo target = newest.get();
            Path ours = store.root().resolve(target.name().toString());
            Optional<Snapshot> newestOurs = store.snapshots().stream().reduce((a, b) -> b);
            byte[] manifest = client.manifest(target.name());
            NodeResult.Action action;
            PullStats stats = PullStats.NONE;
            Optional<String> collected = Optional.empty();
            if (Files.exists(ours, LinkOption.NOFOLLOW_LINKS)) {
                if (!sameManifest(ours, manifest)) {
                    return failed(node, REFUSED, "node " + node.name() + " rewrote snapshot " + target.name()
                            + ": refused, kept the collected copy", warnings);
                }
                action = NodeResult.Action.UP_TO_DATE;
            } else if (newestOurs.isPresent() && newestOurs.get().name().compareTo(target.name()) > 0) {
                warn("the node's newest snapshot " + target.name() + " is older than our copy " + newestOurs.get().name()
                        + "; nothing collected");
                action = NodeResult.Action.UP_TO_DATE;
            } else if (overQuota(SnapshotPuller.parseManifest(manifest, target.name()))) {
                return failed(node, OVER_QUOTA, node.name() + ": snapshot " + target.name() + " holds more than the"
                        + " node's quota of " + request.limits().quota() + " bytes; nothing collected", warnings);
            } else if (request.dryRun()) {
                action = NodeResult.Action.WOULD_COLLECT;
            } else {
                stats = pull(client, target, manifest);
                action = NodeResult.Action.COLLECTED;
                collected = Optional.of(target.name().toString());
            }
            Optional<Pruner.Outcome> pruned = Optional.of(Pruner.prune(store, request.retention(), clock,
                    action == NodeResult.Action.COLLECTED ? Trigger.made(target.name()) : Trigger.NONE,
                    request.dryRun()));
            String message = switch (action) {
                case COLLECTED -> "collected " + target.name() + ": " + stats.files() + " files, " + stats.filesLinked()
                        + " linked, " + stats.filesDelta() + " by delta, " + stats.filesFetched() + " fetched, "
                        + stats.bytesReceived() + " bytes received (deltas: " + stats.deltaLiteralBytes() + " literal, "
                        + stats.deltaMatchedBytes() + " matched)";
                case UP_TO_DATE -> "up to date (" + target.name() + ")";
                case WOULD_COLLECT -> "would collect " + target.name();
                case NONE -> "";
            };
            NodeResult.Status status = refusedFuture.isPresent() ? NodeResult.Status.FAILED
                    : staleness.isEmpty() ? NodeResult.Status.OK : NodeResult.Status.STALE;
            Optional<String> failure = refusedFuture.map(f -> REFUSED).or(() -> staleness.map(s -> "stale"));
            String said = refusedFuture.map(f -> f + "; " + message)
                    .or(() -> staleness.map(s -> node.name() + ": " + s + "; " + message)).orElse(message);
            return new NodeResult(node.name(), status, action, failure, said, collected,
                    Optional.of(target.name().toString()), health.age(), stats, warnings, pruned);
        }

        /**
         * Whether the node's manifest of a snapshot we hold is byte for byte the one we collected: the manifest
         * records the hash of the snapshot's SHA256SUMS and its counts, so a node that changed anything in it
         * cannot show the same manifest.
         */
        private boolean overQuota(Manifest manifest) {
            return request.limits().quota() > 0 && manifest.counts().bytes() > request.limits().quota();
        }

        private boolean sameManifest(Path ours, byte[] manifest) throws IOException {
            Path file = ours.resolve(Snapshot.META_DIR).resolve("manifest.json");
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(manifest, Files.readAllBytes(file));
        }

        private PullStats pull(AgentClient client, SnapshotInfo target, byte[] manifest) throws IOException {
            Optional<Snapshot> previous = store.newestOnOrBefore(target.name());
            listener.pulling(node, target.name().toString(), previous.map(p -> p.name().toString()).orElse(null));
            Path partial = store.beginPartial(target.name());
            Path spool = store.root().resolve(Snapshot.META_DIR).resolve("pull-" + target.name() + ".spool");
            boolean asRoot = (int) Files.getAttribute(partial, "unix:uid") == 0 && ProcessIdentity.isRoot();
            try {
                PullStats stats = SnapshotPuller.pull(client, target.name(), manifest, partial, previous, spool,
                        new PullOptions(request.maxEntries(), asRoot, request.preserveDevices()), this::warn);
                store.commit(target.name(), partial);
                return stats;
            } catch (IOException | RuntimeException e) {
                try {
                    store.discard(partial);
                } catch (IOException | UncheckedIOException cleanup) {
                    warn("could not remove " + partial + " (the next run will): " + cleanup.getMessage());
                }
                throw e;
            }
        }

        private void record(NodeResult result) {
            RunStatus status = result.status() == NodeResult.Status.OK
                    ? (result.warnings().isEmpty() ? RunStatus.SUCCEEDED : RunStatus.WARNINGS) : RunStatus.FAILED;
            try {
                record.result(new LastRun(node.name(), result.collected().orElse(null), started, clock.instant(),
                        status, status.exitCode(), result.message(),
                        result.collected().isPresent() ? result.stats().transfer() : null));
            } catch (IOException | UncheckedIOException e) {
                warn("could not record the run in " + store.root() + "/.kaizen/last-run.json: " + e.getMessage());
            }
        }
    }
}
