package io.kaizen.backup.report;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.inventory.Node;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A collector's fleet at a glance: per node, its health, one state per day of the window (oldest first, today
 * last), its newest good copy and the last error known. A pure function of what the collector holds
 * ({@link NodeHistory}), the time and the freshness limit.
 *
 * <p>A day is {@code complete} (a copy whose run succeeded), {@code warnings} (succeeded with warnings),
 * {@code failed} (a copy whose run failed, or the last collection failed that day and left no copy),
 * {@code stale} (after the newest good copy of a node whose newest good copy finished more than max-age ago),
 * {@code missing} (no copy on a day inside the node's history, or any day of a node without a good copy), or
 * {@code none} (before the node's oldest copy, e.g. pruned, or after a newest good copy that is still fresh).
 */
public record FleetReport(Instant generated, List<LocalDate> days, Duration maxAge, List<NodeRow> nodes) {
    public FleetReport {
        days = List.copyOf(days);
        nodes = List.copyOf(nodes);
    }

    /** What one day of one node looks like. */
    public enum DayState {
        COMPLETE, WARNINGS, FAILED, MISSING, STALE, NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One cell of the grid: the day, its state and the copy of that day, if any. */
    public record Day(LocalDate date, DayState state, Optional<NodeHistory.Copy> copy) {
    }

    /** An error and when it happened. */
    public record Problem(Instant when, String message) {
    }

    /**
     * One node's row. {@code health} is the node's state by {@link StoreHealth}; {@code age} is the newest good
     * copy's, measured from when its run finished; {@code offsite} is tier 3's lag, for a replicated store.
     */
    public record NodeRow(String node, StoreHealth.State health, List<Day> days, Optional<NodeHistory.Copy> newestGood,
                          Optional<Duration> age, Optional<Problem> lastError, Optional<OffsiteLag> offsite) {
        public NodeRow {
            days = List.copyOf(days);
        }
    }

    /**
     * The report at {@code now} over the {@code dayCount} days ending today (in {@code zone}), nodes in the order
     * given.
     */
    public static FleetReport of(List<NodeHistory> histories, Instant now, ZoneId zone, Duration maxAge, int dayCount) {
        if (dayCount < 1) {
            throw new IllegalArgumentException("dayCount must be at least 1, got " + dayCount);
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<LocalDate> days = Stream.iterate(today.minusDays(dayCount - 1L), d -> d.plusDays(1)).limit(dayCount).toList();
        List<NodeRow> rows = histories.stream().map(h -> row(h, days, now, zone, maxAge)).toList();
        return new FleetReport(now, days, maxAge, rows);
    }

    /**
     * The report of the collector store {@code dest} ({@code DEST/NODE}) for the inventory's nodes, at the clock's
     * instant, days in the clock's zone.
     *
     * @throws ConfigException when {@code dest} is no directory, holds nothing collected of any node, or lacks
     *                         the directory of an inventory node
     */
    public static FleetReport collector(Path dest, Inventory inventory, Clock clock, Duration maxAge, int dayCount) {
        if (!Files.isDirectory(dest)) {
            throw new ConfigException("no collector store at " + dest);
        }
        List<NodeHistory> histories = inventory.nodes().stream()
                .map(n -> NodeHistory.read(n.name(), SnapshotStore.at(dest.resolve(n.name())))).toList();
        if (histories.stream().allMatch(NodeHistory::empty)) {
            throw new ConfigException("empty store: " + dest + " holds no copy and no collection result of any node of "
                    + inventory.describe() + " (nothing collected yet)");
        }
        List<String> without = inventory.nodes().stream().map(Node::name)
                .filter(name -> !Files.isDirectory(dest.resolve(name))).toList();
        if (!without.isEmpty()) {
            throw new ConfigException(inventory.describe() + " names nodes with no directory in " + dest + ": "
                    + String.join(", ", without) + " (never collected, or no longer to be collected)");
        }
        return of(histories, clock.instant(), clock.getZone(), maxAge, dayCount);
    }

    /** How many nodes have each health. */
    public Map<StoreHealth.State, Long> healthCounts() {
        return nodes.stream().collect(Collectors.groupingBy(NodeRow::health,
                () -> new java.util.EnumMap<>(StoreHealth.State.class),
                Collectors.counting()));
    }

    private static NodeRow row(NodeHistory history, List<LocalDate> days, Instant now, ZoneId zone, Duration maxAge) {
        StoreHealth health = StoreHealth.of(history, now, maxAge);
        Optional<NodeHistory.Copy> newestGood = history.copies().stream().filter(c -> c.status().usable())
                .reduce((a, b) -> b);
        boolean stale = health.stale();
        Optional<LastRun> failedRun = history.lastRun().filter(r -> r.status() == RunStatus.FAILED);

        Map<LocalDate, NodeHistory.Copy> byDate = history.copies().stream()
                .collect(Collectors.toMap(NodeHistory.Copy::date, Function.identity()));
        Optional<LocalDate> failedWithoutCopy = failedRun.filter(r -> r.snapshot() == null)
                .map(r -> LocalDate.ofInstant(r.started(), zone));
        LocalDate historyStart = history.copies().isEmpty() ? days.get(0) : history.copies().get(0).date();
        List<Day> cells = new ArrayList<>();
        for (LocalDate day : days) {
            NodeHistory.Copy copy = byDate.get(day);
            DayState state;
            if (copy != null) {
                state = switch (copy.status()) {
                    case SUCCEEDED -> DayState.COMPLETE;
                    case WARNINGS -> DayState.WARNINGS;
                    case FAILED -> DayState.FAILED;
                };
            } else if (stale && day.isAfter(newestGood.get().date())) {
                state = DayState.STALE;
            } else if (failedWithoutCopy.filter(day::equals).isPresent()) {
                state = DayState.FAILED;
            } else if (newestGood.isEmpty()) {
                state = DayState.MISSING;
            } else if (day.isBefore(historyStart) || day.isAfter(newestGood.get().date())) {
                state = DayState.NONE;
            } else {
                state = DayState.MISSING;
            }
            cells.add(new Day(day, state, Optional.ofNullable(copy)));
        }
        return new NodeRow(history.node(), health.state(), cells, newestGood, health.age(),
                lastError(history, failedRun), history.offsite());
    }

    /** The later of the last collection's failure and the newest failed copy's. */
    private static Optional<Problem> lastError(NodeHistory history, Optional<LastRun> failedRun) {
        Optional<Problem> run = failedRun.map(r -> new Problem(r.started(), r.message()));
        Optional<Problem> copy = history.copies().stream().filter(c -> c.status() == RunStatus.FAILED).reduce((a, b) -> b)
                .map(c -> new Problem(c.finished(), "snapshot " + c.date() + " failed"
                        + (c.problems().isEmpty() ? "" : ": " + String.join("; ", c.problems()))));
        return Stream.of(run, copy).flatMap(Optional::stream).max(Comparator.comparing(Problem::when));
    }
}
