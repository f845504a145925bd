package io.kaizen.backup.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.report.StoreHealth.Copy;
import io.kaizen.backup.report.StoreHealth.Kind;
import io.kaizen.backup.report.StoreHealth.LastRunRecord;
import io.kaizen.backup.report.StoreHealth.State;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final Duration MAX_AGE = Duration.ofHours(26);

    @TempDir
    Path tmp;

    private static Copy copy(int daysAgo, RunStatus status) {
        LocalDate date = TODAY.minusDays(daysAgo);
        return new Copy(date, status, date.atTime(2, 30).toInstant(ZoneOffset.UTC));
    }

    private static LastRunRecord run(RunStatus status) {
        return new LastRunRecord(Optional.of(new LastRun("h", null, NOW.minusSeconds(3600), NOW.minusSeconds(3500),
                status, status.exitCode(), status == RunStatus.FAILED ? "dump db failed" : null, null)),
                Optional.empty());
    }

    private static StoreHealth health(List<Copy> copies, LastRunRecord lastRun) {
        return StoreHealth.of(copies, lastRun, NOW, MAX_AGE);
    }

    @Test
    void aFreshGoodCopyAndASuccessfulRunAreHealthy() {
        StoreHealth health = health(List.of(copy(1, RunStatus.SUCCEEDED), copy(0, RunStatus.WARNINGS)),
                run(RunStatus.WARNINGS));
        assertThat(health.state()).isEqualTo(State.OK);
        assertThat(health.healthy()).isTrue();
        assertThat(health.reasons()).isEmpty();
        assertThat(health.newestGood()).contains(TODAY);
        assertThat(health.age()).contains(Duration.ofMinutes(210));
    }

    private static StoreHealth replicated(int awaiting, Optional<Instant> lastConfirmed) {
        NodeHistory.Copy today = new NodeHistory.Copy(TODAY, RunStatus.SUCCEEDED, TODAY.atTime(2, 30)
                .toInstant(ZoneOffset.UTC), 1, 1, 1, List.of());
        return StoreHealth.of(new NodeHistory("n", List.of(today), Optional.empty(), Optional.empty(),
                Optional.of(new OffsiteLag(awaiting, Optional.of(TODAY.minusDays(awaiting - 1L)), lastConfirmed))),
                NOW, MAX_AGE);
    }

    @Test
    void tierThreeIsBehindWhenCopiesWaitAndItsLastSuccessIsOlderThanMaxAgeOrMissing() {
        assertThat(replicated(1, Optional.of(NOW.minus(Duration.ofHours(25)))).healthy()).isTrue();
        assertThat(replicated(0, Optional.of(NOW.minus(Duration.ofDays(30)))).healthy()).isTrue();

        StoreHealth behind = replicated(3, Optional.of(NOW.minus(Duration.ofHours(27))));
        assertThat(behind.state()).isEqualTo(State.FAILED);
        assertThat(behind.reasons()).extracting(StoreHealth.Reason::kind).containsExactly(Kind.OFFSITE_BEHIND);
        assertThat(behind.problems().get(0)).contains("3 snapshot(s) not confirmed (oldest 2026-11-23)")
                .contains("last success was 27h ago (limit 26h)");
        assertThat(replicated(1, Optional.empty()).problems()).singleElement().asString()
                .contains("never confirmed");
    }

    @Test
    void aNewestGoodCopyOlderThanMaxAgeIsStale() {
        StoreHealth health = health(List.of(copy(3, RunStatus.SUCCEEDED)), run(RunStatus.SUCCEEDED));
        assertThat(health.state()).isEqualTo(State.STALE);
        assertThat(health.stale()).isTrue();
        assertThat(health.problems()).containsExactly("stale since 2026-11-22: newest good snapshot finished 75h ago"
                + " (limit 26h)");
    }

    @Test
    void exactlyMaxAgeIsStillFresh() {
        Copy copy = new Copy(TODAY.minusDays(1), RunStatus.SUCCEEDED, NOW.minus(MAX_AGE));
        assertThat(health(List.of(copy), LastRunRecord.NONE).state()).isEqualTo(State.OK);
    }

    @Test
    void aFailedLastRunIsAProblemEvenWithAFreshCopy() {
        StoreHealth health = health(List.of(copy(0, RunStatus.SUCCEEDED)), run(RunStatus.FAILED));
        assertThat(health.state()).isEqualTo(State.FAILED);
        assertThat(health.reasons()).extracting(StoreHealth.Reason::kind).containsExactly(Kind.LAST_RUN_FAILED);
        assertThat(health.problems().get(0)).isEqualTo("last run (started 2026-11-25T05:00:00Z) failed: dump db failed");
    }

    @Test
    void noCopyAtAllIsMissing() {
        StoreHealth health = health(List.of(), LastRunRecord.NONE);
        assertThat(health.state()).isEqualTo(State.MISSING);
        assertThat(health.problems()).containsExactly("no good snapshot");
        assertThat(health.newestGood()).isEmpty();
        assertThat(health.age()).isEmpty();
    }

    @Test
    void onlyFailedCopiesAreMissingAndSayWhatTheNewestIs() {
        StoreHealth health = health(List.of(copy(1, RunStatus.FAILED)), run(RunStatus.FAILED));
        assertThat(health.state()).as("missing outranks failed").isEqualTo(State.MISSING);
        assertThat(health.reasons()).extracting(StoreHealth.Reason::kind)
                .containsExactly(Kind.NO_GOOD_COPY, Kind.LAST_RUN_FAILED);
        assertThat(health.problems().get(0)).isEqualTo("no good snapshot (newest 2026-11-24 is failed)");
    }

    @Test
    void aFailedNewestCopyIsAProblemWhenTheLastRunDoesNotSaySo() {
        List<Copy> copies = List.of(copy(0, RunStatus.FAILED),
                new Copy(TODAY.minusDays(1), RunStatus.SUCCEEDED, NOW.minus(Duration.ofHours(20))));
        StoreHealth collected = health(copies, run(RunStatus.SUCCEEDED));
        assertThat(collected.state()).isEqualTo(State.FAILED);
        assertThat(collected.problems()).containsExactly("newest snapshot 2026-11-25 failed");
        assertThat(collected.newestGood()).as("copies in any order").contains(TODAY.minusDays(1));
        assertThat(health(copies, run(RunStatus.FAILED)).reasons()).extracting(StoreHealth.Reason::kind)
                .as("said once").containsExactly(Kind.LAST_RUN_FAILED);
    }

    @Test
    void anUnreadableLastRunRecordIsAProblemNotANeverRan() {
        StoreHealth health = health(List.of(copy(0, RunStatus.SUCCEEDED)),
                new LastRunRecord(Optional.empty(), Optional.of("the last run's record is corrupt")));
        assertThat(health.state()).isEqualTo(State.FAILED);
        assertThat(health.reasons()).extracting(StoreHealth.Reason::kind).containsExactly(Kind.LAST_RUN_UNREADABLE);
        assertThat(health.lastRun()).isEmpty();
    }

    @Test
    void staleOutranksFailed() {
        StoreHealth health = health(List.of(copy(5, RunStatus.SUCCEEDED)), run(RunStatus.FAILED));
        assertThat(health.state()).isEqualTo(State.STALE);
        assertThat(health.reasons()).extracting(StoreHealth.Reason::kind).containsExactly(Kind.STALE, Kind.LAST_RUN_FAILED);
    }

    @Test
    void maxAgeMustBePositive() {
        assertThatThrownBy(() -> StoreHealth.of(List.of(), LastRunRecord.NONE, NOW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreWithACorruptLastRunRecordIsCheckedAsAProblem() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        Files.writeString(store.lastRunFile(), "not json");
        HealthCheck.StoreCheck check = HealthCheck.store(store, NOW, MAX_AGE);
        assertThat(check.health().state()).isEqualTo(State.MISSING);
        assertThat(check.health().reasons()).extracting(StoreHealth.Reason::kind)
                .containsExactly(Kind.NO_GOOD_COPY, Kind.LAST_RUN_UNREADABLE);
        assertThat(check.health().problems().get(1)).startsWith("the last run's record " + store.lastRunFile()
                + " is corrupt: ");
        assertThat(check.node()).as("the directory's name when the record cannot say").isEqualTo("store");
        assertThat(check.metrics().lastRunTimestamp()).isNull();
    }
}
