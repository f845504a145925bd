package io.kaizen.backup.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.report.FleetReport.DayState;
import io.kaizen.backup.report.StoreHealth.State;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetReportTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final Duration MAX_AGE = Duration.ofHours(26);

    private static NodeHistory.Copy copy(int daysAgo, RunStatus status, String... problems) {
        LocalDate date = TODAY.minusDays(daysAgo);
        return new NodeHistory.Copy(date, status, date.atTime(0, 30).toInstant(ZoneOffset.UTC), 100, 1000L * (10 - daysAgo),
                10, List.of(problems));
    }

    private static FleetReport report(NodeHistory... nodes) {
        return FleetReport.of(List.of(nodes), NOW, ZoneOffset.UTC, MAX_AGE, 7);
    }

    /** The row's states as letters, oldest day first: C complete, W warnings, F failed, M missing, S stale, . none. */
    private static String states(FleetReport.NodeRow row) {
        return row.days().stream().map(d -> switch (d.state()) {
            case COMPLETE -> "C";
            case WARNINGS -> "W";
            case FAILED -> "F";
            case MISSING -> "M";
            case STALE -> "S";
            case NONE -> ".";
        }).collect(Collectors.joining());
    }

    @Test
    void aHealthyNodeWithAGapShowsTheGapRedAndDaysBeforeItsOldestCopyAsNone() {
        FleetReport report = report(new NodeHistory("n1", List.of(copy(4, RunStatus.SUCCEEDED), copy(2, RunStatus.WARNINGS),
                copy(1, RunStatus.SUCCEEDED), copy(0, RunStatus.SUCCEEDED)), Optional.empty()));
        FleetReport.NodeRow row = report.nodes().get(0);
        assertThat(report.days()).hasSize(7).startsWith(TODAY.minusDays(6)).endsWith(TODAY);
        assertThat(states(row)).isEqualTo("..CMWCC");
        assertThat(row.health()).isEqualTo(State.OK);
        assertThat(row.newestGood()).map(NodeHistory.Copy::date).contains(TODAY);
        assertThat(row.lastError()).isEmpty();
        assertThat(row.days().get(2).copy()).isPresent();
        assertThat(row.days().get(3).copy()).isEmpty();
    }

    @Test
    void todayIsNotDueWhileTheNewestCopyIsFresh() {
        FleetReport report = report(new NodeHistory("n1", List.of(copy(1, RunStatus.SUCCEEDED)), Optional.empty()));
        assertThat(states(report.nodes().get(0))).isEqualTo(".....C.");
        assertThat(report.nodes().get(0).health()).isEqualTo(State.OK);
    }

    @Test
    void daysAfterTheNewestGoodCopyOfAStaleNodeAreStaleAndAFailedCopyNamesItsSources() {
        FleetReport report = report(new NodeHistory("n2", List.of(copy(5, RunStatus.SUCCEEDED), copy(4, RunStatus.SUCCEEDED),
                copy(3, RunStatus.FAILED, "dump mysql-all: exit 2")), Optional.empty()));
        FleetReport.NodeRow row = report.nodes().get(0);
        assertThat(states(row)).isEqualTo(".CCFSSS");
        assertThat(row.health()).isEqualTo(State.STALE);
        assertThat(row.age()).contains(Duration.between(TODAY.minusDays(4).atTime(0, 30).toInstant(ZoneOffset.UTC), NOW));
        assertThat(row.lastError()).map(FleetReport.Problem::message)
                .contains("snapshot " + TODAY.minusDays(3) + " failed: dump mysql-all: exit 2");
    }

    @Test
    void aNodeNeverCollectedIsMissingEveryDayAndItsFailedCollectionShowsOnItsDay() {
        LastRun unreachable = new LastRun("n3", null, NOW.minusSeconds(3600), NOW.minusSeconds(3590), RunStatus.FAILED, 1,
                "n3: connection refused", null);
        FleetReport report = report(new NodeHistory("n3", List.of(), Optional.of(unreachable)));
        FleetReport.NodeRow row = report.nodes().get(0);
        assertThat(states(row)).isEqualTo("MMMMMMF");
        assertThat(row.health()).isEqualTo(State.MISSING);
        assertThat(row.lastError()).contains(new FleetReport.Problem(NOW.minusSeconds(3600), "n3: connection refused"));
    }

    @Test
    void aFreshNodeWhoseLastCollectionFailedIsFailedAndTheLaterErrorWins() {
        LastRun failed = new LastRun("n4", null, NOW.minusSeconds(60), NOW, RunStatus.FAILED, 1, "n4: verification failed", null);
        FleetReport report = report(new NodeHistory("n4", List.of(copy(2, RunStatus.FAILED, "path /etc: gone"),
                copy(1, RunStatus.SUCCEEDED)), Optional.of(failed)));
        FleetReport.NodeRow row = report.nodes().get(0);
        assertThat(states(row)).isEqualTo("....FCF");
        assertThat(row.health()).isEqualTo(State.FAILED);
        assertThat(row.lastError()).map(FleetReport.Problem::message).contains("n4: verification failed");
        assertThat(report.healthCounts()).containsEntry(State.FAILED, 1L).doesNotContainKey(State.OK);
    }

    @Test
    void aFailedRunThatLeftACopyIsShownOnTheCopysDayOnly() {
        LastRun failedWithCopy = new LastRun("n5", TODAY.toString(), NOW.minusSeconds(60), NOW, RunStatus.FAILED, 1,
                "source failed", null);
        FleetReport report = report(new NodeHistory("n5", List.of(copy(1, RunStatus.SUCCEEDED), copy(0, RunStatus.FAILED)),
                Optional.of(failedWithCopy)));
        assertThat(states(report.nodes().get(0))).isEqualTo(".....CF");
        assertThat(report.nodes().get(0).health()).isEqualTo(State.FAILED);
        assertThat(DayState.NONE.label()).isEqualTo("none");
    }
}
