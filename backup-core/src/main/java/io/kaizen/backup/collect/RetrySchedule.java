package io.kaizen.backup.collect;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.store.SnapshotName;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * When a collection tries its nodes again: every {@code every} after the previous pass ended, as long as that is
 * not later than {@code until} on the day the run started (in the collector's time zone). A run that starts
 * after {@code until} makes no retries. Pure: the caller reads the clock and sleeps.
 *
 * @param until the end of the window, a time of day
 * @param every the pause between the end of one pass and the start of the next; shorter than a day, since a
 *              window is (a window that ends before its first retry could start is refused)
 */
public record RetrySchedule(LocalTime until, Duration every) {
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(10);

    public RetrySchedule {
        if (until == null) {
            throw ConfigException.ofSetting("retry-until", ": not given (the time of day retries stop, e.g. 08:00)");
        }
        if (every == null || every.isNegative() || every.isZero() || every.compareTo(Duration.ofDays(1)) >= 0) {
            String got = every == null ? "none" : every.toString().substring(2).toLowerCase(Locale.ROOT);
            throw ConfigException.ofSetting("retry-every", ": must be positive and shorter than a day (a retry window"
                    + " ends the day it starts), got " + got);
        }
    }

    /** The end of the window of a run started at {@code start}: {@code until} on that day in {@code zone}. */
    public Instant deadline(Instant start, ZoneId zone) {
        return LocalDate.ofInstant(start, zone).atTime(until).atZone(zone).toInstant();
    }

    /** When to start the next pass after one ended at {@code now}; empty when that is after {@code deadline}. */
    public Optional<Instant> next(Instant now, Instant deadline) {
        Instant next = now.plus(every);
        return next.isAfter(deadline) ? Optional.empty() : Optional.of(next);
    }

    /** Whether a node is tried again: it failed, or the newest snapshot it listed is not from {@code today}. */
    public static boolean wanted(NodeResult result, LocalDate today) {
        return result.status() == NodeResult.Status.FAILED || result.newestOnNode().flatMap(SnapshotName::tryParse)
                .map(name -> name.date().isBefore(today)).orElse(true);
    }
}
