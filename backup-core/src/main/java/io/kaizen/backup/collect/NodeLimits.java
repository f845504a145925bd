package io.kaizen.backup.collect;

import io.kaizen.backup.ConfigException;
import java.time.Duration;

/**
 * What one node may cost the collector per run (README, "Collection"): a pull ends when it lasts longer than
 * {@code deadline}, or when, once older than the idle timeout, it has moved less than {@code minRate} bytes per
 * second on average; a snapshot whose manifest counts more than {@code quota} bytes is refused before anything
 * is written (0: no quota). The pull never writes more file data than the manifest counts, so the quota bounds
 * what one node can add to the collector's disk per snapshot.
 */
public record NodeLimits(Duration deadline, long minRate, long quota) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofHours(23);
    public static final long DEFAULT_MIN_RATE = 1024;
    public static final NodeLimits DEFAULTS = new NodeLimits(DEFAULT_DEADLINE, DEFAULT_MIN_RATE, 0);

    public NodeLimits {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw ConfigException.ofSetting("deadline", " must be positive");
        }
        if (minRate < 0) {
            throw ConfigException.ofSetting("min-rate", " must not be negative");
        }
        if (quota < 0) {
            throw ConfigException.ofSetting("quota", " must not be negative");
        }
    }
}
