package io.kaizen.backup.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.remote.agent.AgentServer;
import io.kaizen.backup.remote.agent.LoopbackAgents;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.testing.TreeBuilder;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CollectJob's retry passes against real agents on loopback sockets (real node stores made by SnapshotJob with
 * the real rsync), on a collector clock that only the injected sleeper moves: the window is walked through
 * exactly, with no real waiting. The same through a real sshd, with real waiting, is in backup-cli's
 * CollectRetrySshIT.
 */
class CollectRetryIT {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    @TempDir
    Path tmp;

    private final AtomicReference<Instant> now = new AtomicReference<>(TODAY.atTime(5, 30).toInstant(ZoneOffset.UTC));
    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private Path nodeStore(String name, LocalDate... days) {
        Path store = tmp.resolve("nodes").resolve(name);
        TreeBuilder.at(tmp.resolve("src-" + name)).file("etc/" + name + ".conf", name);
        for (LocalDate day : days) {
            snapshot(name, day);
        }
        return store;
    }

    private void snapshot(String name, LocalDate day) {
        var report = new SnapshotJob(Clock.fixed(day.atTime(2, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                SnapshotListener.NONE).run(SnapshotRequest.builder().store(tmp.resolve("nodes").resolve(name))
                .host(name).engine("rsync").date(new SnapshotName(day))
                .source(new PathSource(tmp.resolve("src-" + name), FilterRules.NONE)).build());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    private static LoopbackAgents.Peer serving(Path store) {
        Clock nodeClock = Clock.fixed(TODAY.atTime(6, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        return (in, out) -> new AgentServer(SnapshotStore.at(store), nodeClock, "node").serve(in, out);
    }

    private CollectReport collect(LoopbackAgents agents, boolean dryRun, CollectJob.Sleeper sleeper, String... nodes) {
        CollectRequest request = new CollectRequest(tmp.resolve("dest"), Stream.of(nodes)
                .map(n -> new Node(n, new SshTarget(n, 22, "kaizen-backup"), Path.of("/backups"))).toList(), 2,
                RetentionPolicy.keepDays(8), Duration.ofHours(26), Duration.ofSeconds(6), dryRun, 1000, "collector",
                NodeLimits.DEFAULTS, false, BandwidthLimit.UNLIMITED, Optional.of(new RetrySchedule(LocalTime.of(6, 0), Duration.ofMinutes(10))));
        return new CollectJob(clock, agents, CollectListener.NONE, sleeper).run(request);
    }

    @Test
    void retriesFailedNodesAndNodesWithoutTodaysSnapshotUntilTheWindowCloses() {
        LoopbackAgents agents = new LoopbackAgents()
                .add("late", serving(nodeStore("late", TODAY.minusDays(1))))
                .add("early", serving(nodeStore("early", TODAY)));
        CollectReport report = collect(agents, false, pause -> {
            if (slept.isEmpty()) {
                snapshot("late", TODAY);
            }
            slept.add(pause);
            now.set(now.get().plus(pause));
        }, "late", "early", "down");

        assertThat(slept).as("passes at 05:30, 05:40, 05:50 and 06:00; 06:10 is past retry-until")
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10));
        NodeResult late = report.nodes().get(0);
        assertThat(late.attempts()).as("yesterday's copy first, today's on the first retry").isEqualTo(2);
        assertThat(late.status()).isEqualTo(NodeResult.Status.OK);
        assertThat(late.collected()).contains(TODAY.toString());
        assertThat(tmp.resolve("dest/late").resolve(TODAY.minusDays(1).toString())).isDirectory();
        assertThat(tmp.resolve("dest/late").resolve(TODAY.toString())).isDirectory();
        NodeResult early = report.nodes().get(1);
        assertThat(early.attempts()).as("today's snapshot on the first pass: never retried").isEqualTo(1);
        assertThat(early.collected()).contains(TODAY.toString());
        NodeResult down = report.nodes().get(2);
        assertThat(down.attempts()).isEqualTo(4);
        assertThat(down.status()).isEqualTo(NodeResult.Status.FAILED);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aDryRunMakesNoRetries() {
        LoopbackAgents agents = new LoopbackAgents().add("late", serving(nodeStore("late", TODAY.minusDays(1))));
        CollectReport report = collect(agents, true, pause -> slept.add(pause), "late", "down");
        assertThat(slept).isEmpty();
        assertThat(report.nodes()).extracting(NodeResult::attempts).containsExactly(1, 1);
    }
}
