package io.kaizen.backup.examples;

import io.kaizen.backup.api.Backups;
import io.kaizen.backup.api.CollectSpec;
import io.kaizen.backup.collect.CollectListener;
import io.kaizen.backup.collect.CollectReport;
import io.kaizen.backup.collect.NodeResult;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Embedding a collector: pull the newest snapshot of each node over SSH (as the restricted user the node's forced
 * command serves, see README.md) into {@code DEST/NODE/DATE}, keeping 14 days per node.
 *
 * <p>Usage: {@code EmbeddedCollect DEST IDENTITY KNOWN_HOSTS NAME=HOST...}; the exit status is the report's
 * (1 when a node failed or is stale).
 */
public final class EmbeddedCollect {
    private EmbeddedCollect() {
    }

    /** The collection: each {@code NAME=HOST} is a node reached with the default user, port and store. */
    public static CollectSpec spec(Path dest, Path identity, Path knownHosts, List<String> nodes) {
        CollectSpec.Builder builder = CollectSpec.builder(dest, identity, knownHosts)
                .parallel(2)
                .retention(RetentionPolicy.keepDays(14))
                .maxAge(Duration.ofHours(30));
        for (String node : nodes) {
            int split = node.indexOf('=');
            if (split < 1) {
                throw new IllegalArgumentException("not NAME=HOST: " + node);
            }
            builder.node(node.substring(0, split), node.substring(split + 1));
        }
        return builder.build();
    }

    /** Runs the collection, printing each node's progress and outcome. */
    public static CollectReport collect(Backups backups, CollectSpec spec) {
        CollectListener printer = new CollectListener() {
            @Override
            public void pulling(Node node, String snapshot, String previous) {
                System.out.println(node.name() + ": pulling " + snapshot);
            }

            @Override
            public void nodeFinished(NodeResult result) {
                System.out.println(result.node() + ": " + result.status() + ": " + result.message());
            }
        };
        return backups.collect(spec, printer);
    }

    public static void main(String[] args) {
        CollectSpec spec = spec(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
                Arrays.asList(args).subList(3, args.length));
        CollectReport report = collect(Backups.create(Clock.systemDefaultZone(), "example-collector"), spec);
        System.exit(report.exitCode());
    }
}
