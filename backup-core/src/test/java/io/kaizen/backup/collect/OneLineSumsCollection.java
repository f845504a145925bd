package io.kaizen.backup.collect;

import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.remote.SshTarget;
import io.kaizen.backup.remote.agent.LoopbackAgents;
import io.kaizen.backup.remote.agent.MaliciousAgent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A collector process for {@link CollectorHeapIT}: collects one node whose SHA256SUMS is a single line of the
 * given size, then prints the node's message and the heap the JVM committed, and exits with the run's exit code.
 * Arguments: DEST LINE_BYTES.
 */
public final class OneLineSumsCollection {
    private OneLineSumsCollection() {
    }

    public static void main(String[] args) {
        Node node = new Node("evil", new SshTarget("evil", 22, "kaizen-backup"), Path.of("/backups"));
        LoopbackAgents agents = new LoopbackAgents().add("evil", MaliciousAgent.sumsOfOneLine(Long.parseLong(args[1])));
        CollectRequest request = new CollectRequest(Path.of(args[0]), List.of(node), 1, null, Duration.ofHours(26),
                Duration.ofSeconds(60), false, CollectRequest.DEFAULT_MAX_ENTRIES, "collector", NodeLimits.DEFAULTS,
                false, BandwidthLimit.UNLIMITED, Optional.empty());
        Clock clock = Clock.fixed(Instant.parse(MaliciousAgent.SNAPSHOT + "T07:00:00Z"), ZoneOffset.UTC);
        CollectReport report = new CollectJob(clock, agents, CollectListener.NONE).run(request);
        System.out.println(report.nodes().get(0).message());
        System.out.println("heap committed: " + Runtime.getRuntime().totalMemory());
        System.exit(report.exitCode());
    }
}
