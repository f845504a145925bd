package io.kaizen.backup.cli;

import io.kaizen.backup.retention.RetentionPolicy;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Retention options; when any is given they replace the configured retention. */
final class RetentionOptions {
    @Option(names = "--keep-days", paramLabel = "N", description = "Keep snapshots dated within the last N days.")
    Integer keepDays;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest snapshot of each of the last N days that have one.")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N ISO weeks.")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N months.")
    Integer keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N years.")
    Integer keepYearly;

    @Option(names = "--min-keep", paramLabel = "N",
            description = "Never delete anything if fewer than N snapshots would remain (default: 2).")
    Integer minKeep;

    /** The policy these options give, if any rule was given; invalid values are a ConfigException. */
    Optional<RetentionPolicy> policy() {
        if (keepDays == null && keepDaily == null && keepWeekly == null && keepMonthly == null && keepYearly == null) {
            return Optional.empty();
        }
        return Optional.of(RetentionPolicy.fromSettings(keepDays, keepDaily, keepWeekly, keepMonthly, keepYearly, minKeep));
    }
}
