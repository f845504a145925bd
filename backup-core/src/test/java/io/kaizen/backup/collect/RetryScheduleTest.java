package io.kaizen.backup.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.collect.pull.PullStats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final RetrySchedule schedule = new RetrySchedule(LocalTime.of(8, 0), Duration.ofMinutes(10));

    @Test
    void theWindowEndsAtUntilOnTheDayTheRunStartedInTheCollectorsZone() {
        assertThat(schedule.deadline(Instant.parse("2026-11-20T04:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        assertThat(schedule.deadline(Instant.parse("2026-07-20T03:30:00Z"), BERLIN))
                .as("summer time").isEqualTo(Instant.parse("2026-07-20T06:00:00Z"));
    }

    @Test
    void theNextPassIsEveryAfterTheLastEndedAndNeverAfterTheDeadline() {
        Instant deadline = Instant.parse("2026-11-20T07:00:00Z");
        assertThat(schedule.next(Instant.parse("2026-11-20T06:45:00Z"), deadline))
                .contains(Instant.parse("2026-11-20T06:55:00Z"));
        assertThat(schedule.next(Instant.parse("2026-11-20T06:50:00Z"), deadline)).as("exactly at the deadline")
                .contains(deadline);
        assertThat(schedule.next(Instant.parse("2026-11-20T06:50:01Z"), deadline)).isEmpty();
    }

    @Test
    void aRunStartedAfterUntilMakesNoRetries() {
        Instant start = Instant.parse("2026-11-20T09:00:00Z");
        assertThat(schedule.next(start, schedule.deadline(start, BERLIN))).isEmpty();
    }

    @Test
    void failedNodesAndNodesWithoutTodaysSnapshotAreWanted() {
        LocalDate today = LocalDate.of(2026, 11, 20);
        assertThat(RetrySchedule.wanted(result(NodeResult.Status.OK, "2026-11-20"), today)).isFalse();
        assertThat(RetrySchedule.wanted(result(NodeResult.Status.OK, "2026-11-19"), today)).isTrue();
        assertThat(RetrySchedule.wanted(result(NodeResult.Status.STALE, "2026-11-17"), today)).isTrue();
        assertThat(RetrySchedule.wanted(result(NodeResult.Status.FAILED, "2026-11-20"), today)).isTrue();
        assertThat(RetrySchedule.wanted(result(NodeResult.Status.FAILED, null), today)).isTrue();
    }

    @Test
    void aPauseOfADayOrMoreOrNoneIsRefusedNamingTheKey() {
        for (Duration every : new Duration[] {Duration.ofDays(1), Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> new RetrySchedule(LocalTime.NOON, every))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("retry-every"));
        }
        assertThatThrownBy(() -> new RetrySchedule(null, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).contains("retry-until"));
    }

    private static NodeResult result(NodeResult.Status status, String newest) {
        return new NodeResult("n1", status, NodeResult.Action.NONE, Optional.empty(), "", Optional.empty(),
                Optional.ofNullable(newest), Optional.empty(), PullStats.NONE, List.of(), Optional.empty());
    }
}
