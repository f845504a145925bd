package io.kaizen.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.SnapshotName;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Safety invariants (docs/ARCHITECTURE.md) over many generated histories; each case is reproducible from its seed. */
class RetentionInvariantsTest {
    private static final long BASE_SEED = 20261125L;
    private static final int HISTORIES = 5_000;

    /** One generated situation: a store, a policy, a date and the run that asks for retention. */
    private record Scenario(long seed, List<Candidate> history, RetentionPolicy policy, LocalDate today,
                            Trigger trigger) {
        String describe(RetentionPlan plan) {
            List<String> snapshots = history.stream()
                    .sorted(Comparator.comparing(Candidate::name))
                    .map(c -> c.name() + (c.succeeded() ? "" : "(failed)"))
                    .toList();
            return "seed=" + seed + " (new Random(seed) regenerates it), policy=" + policy.describe()
                    + ", today=" + today + ", trigger=" + trigger
                    + ", history=" + snapshots + ", plan=" + plan;
        }
    }

    @Test
    void invariantsHoldForGeneratedHistories() {
        int gfsPlansThatDelete = 0;
        for (int i = 0; i < HISTORIES; i++) {
            Scenario scenario = generate(BASE_SEED + i);
            RetentionPlan plan = RetentionPlanner.plan(scenario.history(), scenario.policy(), scenario.today(),
                    scenario.trigger());
            check(scenario, plan);
            if (!scenario.policy().isKeepDays() && !plan.toDelete().isEmpty()) {
                gfsPlansThatDelete++;
            }
        }
        assertThat(gfsPlansThatDelete).as("generated GFS plans that delete, so the GFS oracle is not vacuous")
                .isGreaterThan(HISTORIES / 10);
    }

    private static void check(Scenario s, RetentionPlan plan) {
        Supplier<String> ctx = () -> s.describe(plan);
        int n = s.history().size();
        Set<SnapshotName> kept = new HashSet<>(plan.toKeep());
        List<SnapshotName> newestFirst = s.history().stream().map(Candidate::name)
                .sorted(Comparator.reverseOrder()).toList();

        // exactly one decision per input snapshot, newest first, each with a reason
        assertThat(plan.decisions().stream().map(Decision::name).toList()).as(ctx).isEqualTo(newestFirst);
        assertThat(plan.decisions()).as(ctx).allSatisfy(d -> assertThat(d.reason()).isNotBlank());

        if (n > 0) {
            assertThat(kept).as(ctx).contains(newestFirst.get(0));
        }
        s.history().stream().filter(Candidate::succeeded).map(Candidate::name).max(Comparator.naturalOrder())
                .ifPresent(newestOk -> assertThat(kept).as(ctx).contains(newestOk));
        if (s.trigger().runFailed()) {
            assertThat(plan.toDelete()).as(ctx).isEmpty();
        }
        s.trigger().made().ifPresent(made -> assertThat(kept).as(ctx).contains(made));
        assertThat(kept.size()).as(ctx).isGreaterThanOrEqualTo(Math.min(s.policy().minKeep(), n));
        Set<SnapshotName> future = newestFirst.stream().filter(name -> name.date().isAfter(s.today()))
                .collect(Collectors.toSet());
        assertThat(kept).as(ctx).containsAll(future);

        Set<SnapshotName> byPolicy = s.policy().isKeepDays() ? keptByKeepDays(s, newestFirst)
                : keptByGfs(s.policy(), newestFirst, s.today());
        Set<SnapshotName> expected = new HashSet<>(byPolicy);
        expected.addAll(future);
        if (!newestFirst.isEmpty()) {
            expected.add(newestFirst.get(0));
        }
        s.history().stream().filter(Candidate::succeeded).map(Candidate::name).max(Comparator.naturalOrder())
                .ifPresent(expected::add);
        s.trigger().made().ifPresent(expected::add);
        boolean keepAll = s.trigger().runFailed() || expected.size() < Math.min(s.policy().minKeep(), n);
        assertThat(kept).as(ctx).isEqualTo(keepAll ? new HashSet<>(newestFirst) : expected);
    }

    /** keep-days keeps the window: the snapshots dated within the last keep-days days up to today. */
    private static Set<SnapshotName> keptByKeepDays(Scenario s, List<SnapshotName> newestFirst) {
        LocalDate windowStart = s.today().minusDays(s.policy().keepDays());
        return newestFirst.stream().filter(name -> name.date().isAfter(windowStart) && !name.date().isAfter(s.today()))
                .collect(Collectors.toSet());
    }

    /**
     * GFS, written independently of the planner: each rule keeps the newest snapshot of each of its newest
     * {@code count} periods (day; ISO week, named by its Monday; month; year) among the snapshots not dated after
     * today. A snapshot is kept if any rule keeps it.
     */
    private static Set<SnapshotName> keptByGfs(RetentionPolicy policy, List<SnapshotName> newestFirst,
                                               LocalDate today) {
        List<SnapshotName> notFuture = newestFirst.stream().filter(name -> !name.date().isAfter(today)).toList();
        Set<SnapshotName> kept = new HashSet<>();
        kept.addAll(newestOfNewestPeriods(notFuture, policy.keepDaily(), date -> date));
        kept.addAll(newestOfNewestPeriods(notFuture, policy.keepWeekly(),
                date -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))));
        kept.addAll(newestOfNewestPeriods(notFuture, policy.keepMonthly(), date -> date.withDayOfMonth(1)));
        kept.addAll(newestOfNewestPeriods(notFuture, policy.keepYearly(), date -> date.withDayOfYear(1)));
        return kept;
    }

    private static Set<SnapshotName> newestOfNewestPeriods(List<SnapshotName> names, int count,
                                                           UnaryOperator<LocalDate> periodStart) {
        Map<LocalDate, SnapshotName> newestOfPeriod = new TreeMap<>(Comparator.reverseOrder());
        for (SnapshotName name : names) {
            newestOfPeriod.merge(periodStart.apply(name.date()), name,
                    (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return newestOfPeriod.values().stream().limit(count).collect(Collectors.toSet());
    }

    @Test
    void tenConsecutiveDaysOfFailingRunsDeleteNothing() {
        RetentionPolicy policy = RetentionPolicy.keepDays(7);
        LocalDate lastGood = LocalDate.parse("2026-11-15");
        List<Candidate> store = new ArrayList<>();
        for (LocalDate d = lastGood.minusDays(19); !d.isAfter(lastGood); d = d.plusDays(1)) {
            store.add(new Candidate(new SnapshotName(d), true));
        }
        for (int day = 1; day <= 10; day++) {
            LocalDate today = lastGood.plusDays(day);
            if (day % 2 == 1) {
                store.add(new Candidate(new SnapshotName(today), false)); // run failed after committing a snapshot
            }
            RetentionPlan plan = RetentionPlanner.plan(store, policy, today, Trigger.failedRun());
            assertThat(plan.toDelete()).as("day %d (%s): %s", day, today, plan).isEmpty();
            store.removeIf(c -> plan.toDelete().contains(c.name()));
        }
        assertThat(store).hasSize(25).contains(new Candidate(new SnapshotName(lastGood), true));

        // Control: the same store with a successful run would delete old snapshots, so the flag is what saved them.
        RetentionPlan control = RetentionPlanner.plan(store, policy, lastGood.plusDays(10), Trigger.NONE);
        assertThat(control.toDelete()).isNotEmpty().doesNotContain(new SnapshotName(lastGood));
    }

    // ---- generation ----

    private static Scenario generate(long seed) {
        Random random = new Random(seed);
        List<Candidate> history = history(random);
        LocalDate today = today(random, history);
        RetentionPolicy policy = policy(random).withMinKeep(1 + random.nextInt(4));
        Trigger trigger = trigger(random, history);
        Collections.shuffle(history, random);
        return new Scenario(seed, history, policy, today, trigger);
    }

    /** A failed run (1 in 4), a run that made one of the successful snapshots, of any age (1 in 4), or none. */
    private static Trigger trigger(Random random, List<Candidate> history) {
        List<Candidate> succeeded = history.stream().filter(Candidate::succeeded).toList();
        return switch (random.nextInt(4)) {
            case 0 -> Trigger.failedRun();
            case 1 -> succeeded.isEmpty() ? Trigger.NONE
                    : Trigger.made(succeeded.get(random.nextInt(succeeded.size())).name());
            default -> Trigger.NONE;
        };
    }

    /** 0..60 snapshots, oldest first, with random gaps and success flags that come in streaks. */
    private static List<Candidate> history(Random random) {
        int n = random.nextInt(61);
        double flipChance = random.nextInt(3) == 0 ? 0.03 : 0.3;
        boolean succeeded = random.nextInt(4) != 0;
        LocalDate date = LocalDate.of(2018, 1, 1).plusDays(random.nextInt(3000));
        List<Candidate> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            date = date.plusDays(gap(random));
            if (random.nextDouble() < flipChance) {
                succeeded = !succeeded;
            }
            history.add(new Candidate(new SnapshotName(date), succeeded));
        }
        return history;
    }

    private static int gap(Random random) {
        int roll = random.nextInt(100);
        if (roll < 70) {
            return 1;
        } else if (roll < 88) {
            return 2 + random.nextInt(5);
        } else if (roll < 97) {
            return 7 + random.nextInt(50);
        }
        return 100 + random.nextInt(300);
    }

    /** Usually on or just after the newest snapshot; sometimes before some snapshots, sometimes years later. */
    private static LocalDate today(Random random, List<Candidate> oldestFirst) {
        LocalDate newest = oldestFirst.isEmpty() ? LocalDate.of(2026, 11, 25)
                : oldestFirst.get(oldestFirst.size() - 1).name().date();
        LocalDate oldest = oldestFirst.isEmpty() ? newest : oldestFirst.get(0).name().date();
        return switch (random.nextInt(5)) {
            case 0 -> newest;
            case 1 -> newest.plusDays(1 + random.nextInt(3));
            case 2 -> newest.plusDays(random.nextInt(60));
            case 3 -> newest.minusDays(random.nextInt((int) (newest.toEpochDay() - oldest.toEpochDay()) + 10));
            default -> newest.plusDays(365 + random.nextInt(3650));
        };
    }

    private static RetentionPolicy policy(Random random) {
        if (random.nextBoolean()) {
            return RetentionPolicy.keepDays(1 + random.nextInt(45));
        }
        int[] counts = new int[4];
        while (counts[0] + counts[1] + counts[2] + counts[3] == 0) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(12);
            }
        }
        return RetentionPolicy.gfs(counts[0], counts[1], counts[2], counts[3]);
    }
}
