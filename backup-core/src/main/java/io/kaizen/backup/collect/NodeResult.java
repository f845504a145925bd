package io.kaizen.backup.collect;

import io.kaizen.backup.collect.pull.PullStats;
import io.kaizen.backup.retention.Pruner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one node in a collection run.
 *
 * @param status      OK, STALE (reachable, but its newest good snapshot is older than max-age) or FAILED
 * @param action      what was done with the node's newest snapshot
 * @param failure     for FAILED: the kind of failure (unreachable, host key changed, ...); VERIFICATION when a
 *                    pulled snapshot did not match its manifest, LOCAL for the collector's own errors
 * @param message     one line for the operator: why it failed or is stale, or what was done
 * @param newestOnNode the newest complete snapshot the node listed
 * @param age         age of the node's newest good snapshot, measured on the node's own clock
 * @param attempts    how many times the node was tried in this run (more than 1 with retries)
 */
public record NodeResult(String node, Status status, Action action, Optional<String> failure, String message,
                         Optional<String> collected, Optional<String> newestOnNode, Optional<Duration> age,
                         PullStats stats, List<String> warnings, Optional<Pruner.Outcome> prune, int attempts) {
    public enum Status { OK, STALE, FAILED }

    public enum Action { COLLECTED, UP_TO_DATE, WOULD_COLLECT, NONE }

    public static final String VERIFICATION = "verification failed";
    public static final String LOCAL = "collector error";

    public NodeResult {
        warnings = List.copyOf(warnings);
    }

    /** The result of a node's first attempt. */
    public NodeResult(String node, Status status, Action action, Optional<String> failure, String message,
                      Optional<String> collected, Optional<String> newestOnNode, Optional<Duration> age,
                      PullStats stats, List<String> warnings, Optional<Pruner.Outcome> prune) {
        this(node, status, action, failure, message, collected, newestOnNode, age, stats, warnings, prune, 1);
    }

    /** This result, as that of the node's {@code n}th attempt. */
    public NodeResult withAttempts(int n) {
        return new NodeResult(node, status, action, failure, message, collected, newestOnNode, age, stats, warnings,
                prune, n);
    }
}
