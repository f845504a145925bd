package io.kaizen.backup.collect;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.remote.BandwidthLimit;
import io.kaizen.backup.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One collection run: the collector's store root ({@code DEST/NODE/DATE}), the nodes, how many are pulled at
 * once, the retention applied per node after a successful pull, the freshness limit, the longest silence of a
 * node mid-transfer, whether to change nothing, the most entries accepted per snapshot, this host's name
 * (for locks), what one node may cost ({@link NodeLimits}), whether device nodes and set-id bits are made live
 * in the store (else they are recorded in the snapshot's {@code .kaizen/specials}, docs/FORMAT.md), the most each
 * node may send per second, and when to try nodes again (none: a single pass).
 */
public record CollectRequest(Path dest, List<Node> nodes, int parallel, RetentionPolicy retention, Duration maxAge,
                             Duration idleTimeout, boolean dryRun, long maxEntries, String host, NodeLimits limits,
                             boolean preserveDevices, BandwidthLimit bandwidthLimit, Optional<RetrySchedule> retry) {
    public static final int DEFAULT_PARALLEL = 4;
    public static final int DEFAULT_KEEP_DAYS = 8;
    public static final long DEFAULT_MAX_ENTRIES = 50_000_000;

    public CollectRequest {
        if (dest == null) {
            throw ConfigException.ofSetting("dest", ": not given (the collector's store root)");
        }
        if (nodes == null || nodes.isEmpty()) {
            throw new ConfigException("the inventory lists no nodes");
        }
        if (parallel < 1 || parallel > 256) {
            throw ConfigException.ofSetting("parallel", " must be 1-256, got " + parallel);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw ConfigException.ofSetting("max-age", " must be positive");
        }
        if (maxEntries < 1) {
            throw ConfigException.ofSetting("max-entries", " must be positive");
        }
        dest = dest.toAbsolutePath().normalize();
        nodes = List.copyOf(nodes);
        retention = retention == null ? RetentionPolicy.keepDays(DEFAULT_KEEP_DAYS) : retention;
        limits = limits == null ? NodeLimits.DEFAULTS : limits;
        bandwidthLimit = bandwidthLimit == null ? BandwidthLimit.UNLIMITED : bandwidthLimit;
        retry = retry == null ? Optional.empty() : retry;
        if (!bandwidthLimit.unlimited() && limits.minRate() > 0 && bandwidthLimit.kibPerSecond() * 1024 <= limits.minRate()) {
            throw ConfigException.ofSetting("bandwidth-limit", ": " + bandwidthLimit.kibPerSecond() + " KiB/s is not above"
                    + " min-rate (" + limits.minRate() + " bytes/s): every pull held to it would be cut; raise it, or"
                    + " lower min-rate");
        }
    }
}
