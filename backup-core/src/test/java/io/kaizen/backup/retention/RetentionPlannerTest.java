package io.kaizen.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.retention.Decision.Action;
import io.kaizen.backup.store.SnapshotName;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-25");

    // ---- keep-days ----

    @Test
    void keepDaysKeepsExactlyTheLastNDaysIncludingToday() {
        RetentionPlan plan = plan(daily("2026-11-16", "2026-11-25"), RetentionPolicy.keepDays(8), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22",
                "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18");
        assertThat(names(plan.toDelete())).containsExactly("2026-11-17", "2026-11-16");
        assertThat(reason(plan, "2026-11-18")).isEqualTo("within keep-days 8 (since 2026-11-18)");
        assertThat(reason(plan, "2026-11-25")).isEqualTo("within keep-days 8 (since 2026-11-18)");
        assertThat(reason(plan, "2026-11-17")).isEqualTo("older than keep-days 8");
    }

    @Test
    void keepDaysWindowEndsAtTodayNotAtTheNewestSnapshot() {
        RetentionPlan plan = plan(daily("2026-11-16", "2026-11-25"), RetentionPolicy.keepDays(3),
                LocalDate.parse("2026-11-26"));

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-24");
        assertThat(reason(plan, "2026-11-24")).isEqualTo("within keep-days 3 (since 2026-11-24)");
        assertThat(plan.toDelete()).hasSize(8);
    }

    @Test
    void keepDaysOneKeepsOnlyToday() {
        RetentionPlan plan = plan(daily("2026-11-20", "2026-11-25"), RetentionPolicy.keepDays(1).withMinKeep(1),
                TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25");
        assertThat(reason(plan, "2026-11-25")).isEqualTo("within keep-days 1 (since 2026-11-25)");
    }

    // ---- GFS ----

    @Test
    void gfsOverAYearOfDailySnapshots() {
        RetentionPlan plan = plan(daily("2025-11-26", "2026-11-25"), RetentionPolicy.gfs(7, 4, 12, 2), TODAY);

        assertThat(plan.decisions()).hasSize(365);
        assertThat(names(plan.toKeep())).containsExactly(
                "2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19",
                "2026-11-15", "2026-11-08",
                "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
                "2026-03-31", "2026-02-28", "2026-01-31", "2025-12-31");
        assertThat(plan.toDelete()).hasSize(345);
        assertThat(reason(plan, "2026-11-25"))
                .isEqualTo("daily 2026-11-25, weekly 2026-W48, monthly 2026-11, yearly 2026");
        assertThat(reason(plan, "2026-11-24")).isEqualTo("daily 2026-11-24");
        assertThat(reason(plan, "2026-11-22")).isEqualTo("daily 2026-11-22, weekly 2026-W47");
        assertThat(reason(plan, "2026-11-08")).isEqualTo("weekly 2026-W45");
        assertThat(reason(plan, "2026-10-31")).isEqualTo("monthly 2026-10");
        assertThat(reason(plan, "2025-12-31")).isEqualTo("monthly 2025-12, yearly 2025");
        assertThat(reason(plan, "2026-11-18"))
                .isEqualTo("not selected by keep-daily 7, keep-weekly 4, keep-monthly 12, keep-yearly 2");
    }

    @Test
    void gfsYearlyAloneKeepsTheNewestOfEachYear() {
        RetentionPlan plan = plan(daily("2024-12-25", "2026-01-05"), RetentionPolicy.gfs(0, 0, 0, 5),
                LocalDate.parse("2026-01-05"));

        assertThat(names(plan.toKeep())).containsExactly("2026-01-05", "2025-12-31", "2024-12-31");
        assertThat(reason(plan, "2024-12-31")).isEqualTo("yearly 2024");
    }

    @Test
    void gfsWeeksUseTheIsoWeekBasedYear() {
        // 2025-12-29 (Mon) and 2026-01-02 (Fri) are both in 2026-W01; 2025-12-27 (Sat) is in 2025-W52.
        RetentionPlan plan = plan(candidates("2025-12-27", "2025-12-29", "2026-01-02"),
                RetentionPolicy.gfs(0, 2, 0, 0), LocalDate.parse("2026-01-02"));

        assertThat(names(plan.toKeep())).containsExactly("2026-01-02", "2025-12-27");
        assertThat(reason(plan, "2026-01-02")).isEqualTo("weekly 2026-W01");
        assertThat(reason(plan, "2025-12-27")).isEqualTo("weekly 2025-W52");
        assertThat(reason(plan, "2025-12-29")).isEqualTo("not selected by keep-weekly 2");
    }

    @Test
    void gfsOverAHistoryWithGaps() {
        List<Candidate> history = candidates("2026-11-25", "2026-11-20", "2026-11-02", "2026-10-15", "2026-08-01",
                "2025-12-20", "2025-06-01");
        RetentionPlan plan = plan(history, RetentionPolicy.gfs(3, 2, 3, 2), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-20", "2026-11-02", "2026-10-15",
                "2026-08-01", "2025-12-20");
        assertThat(reason(plan, "2026-11-25"))
                .isEqualTo("daily 2026-11-25, weekly 2026-W48, monthly 2026-11, yearly 2026");
        assertThat(reason(plan, "2026-11-20")).isEqualTo("daily 2026-11-20, weekly 2026-W47");
        assertThat(reason(plan, "2026-11-02")).isEqualTo("daily 2026-11-02");
        assertThat(reason(plan, "2026-10-15")).isEqualTo("monthly 2026-10");
        assertThat(reason(plan, "2026-08-01")).isEqualTo("monthly 2026-08");
        assertThat(reason(plan, "2025-12-20")).isEqualTo("yearly 2025");
        assertThat(reason(plan, "2025-06-01"))
                .isEqualTo("not selected by keep-daily 3, keep-weekly 2, keep-monthly 3, keep-yearly 2");
    }

    @Test
    void keepDaysOverAHistoryWithGaps() {
        List<Candidate> history = candidates("2026-11-25", "2026-11-20", "2026-11-02", "2026-10-27", "2026-10-26");
        RetentionPlan plan = plan(history, RetentionPolicy.keepDays(30), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-20", "2026-11-02", "2026-10-27");
        assertThat(names(plan.toDelete())).containsExactly("2026-10-26");
    }

    // ---- safety invariants ----

    @Test
    void newestFailedWhileAnOlderSucceededKeepsBoth() {
        List<Candidate> history = List.of(
                new Candidate(name("2026-11-25"), false), new Candidate(name("2026-11-24"), false),
                new Candidate(name("2026-11-23"), true), new Candidate(name("2026-11-22"), true),
                new Candidate(name("2026-11-21"), true));
        RetentionPlan plan = plan(history, RetentionPolicy.keepDays(1), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-23");
        assertThat(reason(plan, "2026-11-25")).isEqualTo("within keep-days 1 (since 2026-11-25)");
        assertThat(reason(plan, "2026-11-23")).isEqualTo("newest successful snapshot");
        assertThat(names(plan.toDelete())).containsExactly("2026-11-24", "2026-11-22", "2026-11-21");
    }

    @Test
    void newestSnapshotIsKeptEvenOutsideTheWindow() {
        List<Candidate> history = List.of(
                new Candidate(name("2026-11-03"), false), new Candidate(name("2026-11-02"), false),
                new Candidate(name("2026-11-01"), false));
        RetentionPlan plan = plan(history, RetentionPolicy.keepDays(3).withMinKeep(1), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-03");
        assertThat(reason(plan, "2026-11-03")).isEqualTo("newest snapshot");
        assertThat(names(plan.toDelete())).containsExactly("2026-11-02", "2026-11-01");
    }

    @Test
    void allFailedFollowsThePolicyAndKeepsTheNewest() {
        List<Candidate> history = new ArrayList<>();
        for (Candidate c : daily("2026-11-20", "2026-11-25")) {
            history.add(new Candidate(c.name(), false));
        }
        RetentionPlan plan = plan(history, RetentionPolicy.gfs(2, 0, 0, 0).withMinKeep(1), TODAY);

        assertThat(names(plan.toKeep())).containsExactly("2026-11-25", "2026-11-24");
        assertThat(plan.toDelete()).hasSize(4);
    }

    @Test
    void futureDatedSnapshotsAreKeptAndTakeNoPolicySlot() {
        RetentionPlan plan = plan(daily("2026-11-20", "2026-11-28"), RetentionPolicy.gfs(2, 0, 0, 0), TODAY);

        assertThat(names(plan.toKeep()))
                .containsExactly("2026-11-28", "2026-11-27", "2026-11-26", "2026-11-25", "2026-11-24");
        assertThat(reason(plan, "2026-11-28")).isEqualTo("dated in the future (after 2026-11-25); kept");
        assertThat(reason(plan, "2026-11-26")).isEqualTo("dated in the future (after 2026-11-25); kept");
        assertThat(reason(plan, "2026-11-25")).isEqualTo("daily 2026-11-25");
        assertThat(names(plan.toDelete())).containsExactly("2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20");
    }

    @Test
    void futureDatedSnapshotsWithKeepDays() {
        RetentionPlan plan = plan(daily("2026-11-20", "2026-11-27"), RetentionPolicy.keepDays(3), TODAY);

        assertThat(names(plan.toKeep()))
                .containsExactly("2026-11-27", "2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23");
        assertThat(reason(plan, "2026-11-27")).isEqualTo("dated in the future (after 2026-11-25); kept");
        assertThat(reason(plan, "2026-11-23")).isEqualTo("within keep-days 3 (since 2026-11-23)");
    }

    @Test
    void currentRunFailedDeletesNothing() {
        RetentionPlan plan = RetentionPlanner.plan(daily("2026-11-16", "2026-11-25"), RetentionPolicy.keepDays(8),
                TODAY, Trigger.failedRun());

        assertThat(plan.toDelete()).isEmpty();
        assertThat(plan.toKeep()).hasSize(10);
        assertThat(reason(plan, "2026-11-16")).isEqualTo("current run failed; nothing is deleted");
        assertThat(reason(plan, "2026-11-17")).isEqualTo("current run failed; nothing is deleted");
        assertThat(reason(plan, "2026-11-18")).isEqualTo("within keep-days 8 (since 2026-11-18)");
    }

    @Test
    void theSnapshotARunJustMadeIsKeptEvenWhenOlderThanTheWindow() {
        List<Candidate> history = new ArrayList<>(daily("2026-11-16", "2026-11-25"));
        history.add(new Candidate(name("2026-10-01"), true));

        RetentionPlan backfill = RetentionPlanner.plan(history, RetentionPolicy.keepDays(8), TODAY,
                Trigger.made(name("2026-10-01")));
        RetentionPlan prune = RetentionPlanner.plan(history, RetentionPolicy.keepDays(8), TODAY, Trigger.NONE);

        assertThat(reason(backfill, "2026-10-01")).isEqualTo("made by this run");
        assertThat(names(backfill.toDelete())).containsExactly("2026-11-17", "2026-11-16");
        assertThat(names(prune.toDelete())).containsExactly("2026-11-17", "2026-11-16", "2026-10-01");
    }

    @Test
    void minKeepStopsAPlanThatWouldLeaveTooFew() {
        RetentionPlan plan = plan(daily("2026-11-01", "2026-11-05"), RetentionPolicy.keepDays(8),
                LocalDate.parse("2026-11-30"));

        assertThat(plan.toDelete()).isEmpty();
        assertThat(reason(plan, "2026-11-05")).isEqualTo("newest snapshot");
        assertThat(reason(plan, "2026-11-01")).isEqualTo("min-keep 2: plan would leave only 1; nothing is deleted");
    }

    @Test
    void minKeepOneLetsThePlanThrough() {
        RetentionPlan plan = plan(daily("2026-11-01", "2026-11-05"), RetentionPolicy.keepDays(8).withMinKeep(1),
                LocalDate.parse("2026-11-30"));

        assertThat(names(plan.toKeep())).containsExactly("2026-11-05");
        assertThat(plan.toDelete()).hasSize(4);
    }

    @Test
    void minKeepCountsTheWholePlan() {
        RetentionPlan plan = plan(daily("2026-11-20", "2026-11-25"), RetentionPolicy.keepDays(2).withMinKeep(3),
                TODAY);

        assertThat(plan.toDelete()).isEmpty();
        assertThat(reason(plan, "2026-11-25")).isEqualTo("within keep-days 2 (since 2026-11-24)");
        assertThat(reason(plan, "2026-11-20")).isEqualTo("min-keep 3: plan would leave only 2; nothing is deleted");
    }

    @Test
    void minKeepLargerThanTheStoreMeansKeepAll() {
        RetentionPlan plan = plan(daily("2026-11-24", "2026-11-25"), RetentionPolicy.keepDays(1).withMinKeep(4),
                TODAY);

        assertThat(plan.toDelete()).isEmpty();
        assertThat(reason(plan, "2026-11-24")).isEqualTo("min-keep 4: plan would leave only 1; nothing is deleted");
    }

    // ---- input handling ----

    @Test
    void emptyStoreGivesAnEmptyPlan() {
        RetentionPlan plan = RetentionPlanner.plan(List.of(), RetentionPolicy.gfs(7, 4, 12, 3), TODAY, Trigger.failedRun());

        assertThat(plan.decisions()).isEmpty();
        assertThat(plan.toKeep()).isEmpty();
        assertThat(plan.toDelete()).isEmpty();
    }

    @Test
    void duplicateNamesAreRejected() {
        List<Candidate> history = List.of(new Candidate(name("2026-11-24"), true),
                new Candidate(name("2026-11-25"), true), new Candidate(name("2026-11-24"), false));

        assertThatThrownBy(() -> plan(history, RetentionPolicy.keepDays(8), TODAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate snapshot: 2026-11-24");
    }

    @Test
    void inputOrderDoesNotMatterAndDecisionsAreNewestFirst() {
        List<Candidate> shuffled = new ArrayList<>(daily("2026-10-01", "2026-11-25"));
        Collections.shuffle(shuffled, new Random(42));

        RetentionPlan fromShuffled = plan(shuffled, RetentionPolicy.gfs(7, 4, 0, 0), TODAY);
        RetentionPlan fromSorted = plan(daily("2026-10-01", "2026-11-25"), RetentionPolicy.gfs(7, 4, 0, 0), TODAY);

        assertThat(fromShuffled).isEqualTo(fromSorted);
        assertThat(fromShuffled.decisions().get(0).name()).isEqualTo(name("2026-11-25"));
        assertThat(fromShuffled.decisions().get(55).name()).isEqualTo(name("2026-10-01"));
        assertThat(fromShuffled.decision(name("2026-11-01")).action()).isEqualTo(Action.DELETE);
    }

    @Test
    void planIsImmutableAndRejectsUnknownNames() {
        RetentionPlan plan = plan(daily("2026-11-24", "2026-11-25"), RetentionPolicy.keepDays(8), TODAY);

        assertThatThrownBy(() -> plan.decisions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.decision(name("2026-01-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-01-01");
    }

    @Test
    void decisionsNeedAReason() {
        assertThatThrownBy(() -> Decision.keep(name("2026-11-25"), " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Decision.delete(name("2026-11-25"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private static RetentionPlan plan(List<Candidate> history, RetentionPolicy policy, LocalDate today) {
        return RetentionPlanner.plan(history, policy, today, Trigger.NONE);
    }

    private static SnapshotName name(String date) {
        return SnapshotName.parse(date);
    }

    private static List<Candidate> candidates(String... dates) {
        return Stream.of(dates).map(d -> new Candidate(name(d), true)).toList();
    }

    /** One successful snapshot per day, both ends included, oldest first. */
    private static List<Candidate> daily(String from, String to) {
        return LocalDate.parse(from).datesUntil(LocalDate.parse(to).plusDays(1))
                .map(d -> new Candidate(new SnapshotName(d), true))
                .toList();
    }

    private static List<String> names(List<SnapshotName> names) {
        return names.stream().map(SnapshotName::toString).toList();
    }

    private static String reason(RetentionPlan plan, String date) {
        return plan.decision(name(date)).reason();
    }
}
