package io.kaizen.backup.collect;

import io.kaizen.backup.KaizenException;
import io.kaizen.backup.collect.pull.PullStats;
import io.kaizen.backup.collect.pull.SnapshotPuller;
import io.kaizen.backup.collect.pull.VerificationException;
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
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
        List<NodeResult> results = new ArrayList<>(pass(request, request.nodes()));
        if (!request.dryRun()) {
            request.retry().ifPresent(schedule -> retry(request, schedule, started, results));
        }
        return new CollectReport(results, started, clock.instant());
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
        try {
            Files.createDirectories(request.dest());
        } catch (IOException e) {
            throw new KaizenException("cannot create " + request.dest() + ": " + e.getMessage(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(request.parallel(), r -> {
            Thread thread = new Thread(r, "kaizen-collect");
            thread.setDaemon(true);
            return thread;
        });
        List<NodeResult> results = new ArrayList<>();
        try (IdleWatchdog watchdog = new IdleWatchdog(request.idleTimeout())) {
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

        NodeRun(Node node, CollectRequest request) {
            this.node = node;
            this.request = request;
            this.store = SnapshotStore.at(request.dest().resolve(node.name()));
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
                } catch (IOException e) {
                    return failed(node, NodeResult.LOCAL, "cannot create " + store.root() + ": " + e.getMessage(), warnings);
                }
                try (StoreLock lock = store.lock(StoreLock.Holder.currentProcess(request.host(), started), this::warn)) {
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
                session = connector.open(node.target(), request.bandwidthLimit());
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
                String why = watch.tripped()
                        ? "no data for " + request.idleTimeout().toSeconds() + "s; connection cut"
                        : e.getMessage() + diagnostics(session);
                String kind = watch.tripped() ? RemoteException.Kind.TIMEOUT.label()
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
            List<SnapshotInfo> listed = client.list();
            Optional<SnapshotInfo> newest = listed.stream().max(Comparator.comparing(SnapshotInfo::name));
            if (newest.isEmpty()) {
                return failed(node, "no snapshot", node.name() + ": the node has no complete snapshot", warnings);
            }
            StoreHealth health = StoreHealth.of(listed.stream()
                    .map(s -> new StoreHealth.Copy(s.name().date(), s.status(), s.finished())).toList(),
                    StoreHealth.LastRunRecord.NONE, hello.nodeTime(), request.maxAge());
            Optional<String> staleness = health.reasons().stream()
                    .filter(r -> r.kind() == StoreHealth.Kind.NO_GOOD_COPY || r.kind() == StoreHealth.Kind.STALE)
                    .map(r -> r.message() + ", by the node's listing and clock").findFirst();
            SnapshotInfo target = newest.get();
            Optional<Snapshot> ours = store.find(target.name());
            Optional<Snapshot> newestOurs = store.snapshots().stream().reduce((a, b) -> b);
            byte[] manifest = client.manifest(target.name());
            NodeResult.Action action;
            PullStats stats = PullStats.NONE;
            Optional<String> collected = Optional.empty();
            if (ours.isPresent() && Arrays.equals(manifest, Files.readAllBytes(ours.get().manifestFile()))) {
                action = NodeResult.Action.UP_TO_DATE;
            } else if (ours.isEmpty() && newestOurs.isPresent() && newestOurs.get().name().compareTo(target.name()) > 0) {
                warn("the node's newest snapshot " + target.name() + " is older than our copy " + newestOurs.get().name()
                        + "; nothing collected");
                action = NodeResult.Action.UP_TO_DATE;
            } else if (request.dryRun()) {
                SnapshotPuller.parseManifest(manifest, target.name());
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
            return new NodeResult(node.name(), staleness.isEmpty() ? NodeResult.Status.OK : NodeResult.Status.STALE,
                    action, staleness.map(s -> "stale"),
                    staleness.map(s -> node.name() + ": " + s + "; " + message).orElse(message), collected,
                    Optional.of(target.name().toString()), health.age(), stats, warnings, pruned);
        }

        private PullStats pull(AgentClient client, SnapshotInfo target, byte[] manifest) throws IOException {
            Optional<Snapshot> previous = store.newestOnOrBefore(target.name());
            listener.pulling(node, target.name().toString(), previous.map(p -> p.name().toString()).orElse(null));
            Path partial = store.beginPartial(target.name());
            Path spool = store.root().resolve(Snapshot.META_DIR).resolve("pull-" + target.name() + ".spool");
            boolean asRoot = (int) Files.getAttribute(partial, "unix:uid") == 0 && ProcessIdentity.isRoot();
            try {
                PullStats stats = SnapshotPuller.pull(client, target.name(), manifest, partial, previous, spool,
                        request.maxEntries(), asRoot, this::warn);
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
                store.writeLastRun(new LastRun(node.name(), result.collected().orElse(null), started, clock.instant(),
                        status, status.exitCode(), result.message(),
                        result.collected().isPresent() ? result.stats().transfer() : null));
            } catch (IOException | UncheckedIOException e) {
                warn("could not record the run in " + store.root() + "/.kaizen/last-run.json: " + e.getMessage());
            }
        }
    }
}
