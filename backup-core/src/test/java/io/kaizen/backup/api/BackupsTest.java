package io.kaizen.backup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:30:00Z"), ZoneOffset.UTC);
    private final Backups backups = Backups.create(CLOCK, "node1");

    @TempDir
    Path tmp;

    private Path store() {
        return tmp.resolve("store");
    }

    private RunReport snapshot(String date) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.conf"), date);
        return backups.snapshot(SnapshotSpec.builder(store()).path(data).engine("java")
                .date(LocalDate.parse(date)).build());
    }

    @Test
    void aSnapshotIsNamedAfterTheFacadesClockAndHost() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        RunReport report = backups.snapshot(SnapshotSpec.builder(store()).path(tmp.resolve("data")).build());

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(backups.list(store())).singleElement().satisfies(s -> {
            assertThat(s.name().toString()).isEqualTo("2026-11-24");
            assertThat(s.manifest().host()).isEqualTo("node1");
        });
    }

    @Test
    void verifyChecksTheLatestByDefaultTheNamedOnesOrAll() throws Exception {
        snapshot("2026-11-22");
        snapshot("2026-11-23");

        assertThat(backups.verify(VerifySpec.builder(store()).build()))
                .extracting(VerificationReport::snapshot).containsExactly("2026-11-23");
        assertThat(backups.verify(VerifySpec.builder(store()).snapshot("2026-11-22").build()))
                .extracting(VerificationReport::snapshot).containsExactly("2026-11-22");
        assertThat(backups.verify(VerifySpec.builder(store()).all().build()))
                .allMatch(VerificationReport::ok).extracting(VerificationReport::snapshot)
                .containsExactly("2026-11-22", "2026-11-23");
        assertThatThrownBy(() -> VerifySpec.builder(store()).all().snapshot("2026-11-22").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pruneAppliesThePolicyUnderTheLockAndADryRunDeletesNothing() throws Exception {
        for (String date : List.of("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23")) {
            snapshot(date);
        }
        Files.createDirectories(store().resolve("2026-11-24.partial"));
        PruneSpec.Builder prune = PruneSpec.builder(store(), RetentionPolicy.keepDays(3));

        PruneResult planned = backups.prune(prune.dryRun(true).build());
        assertThat(planned.outcome().deleted()).isEmpty();
        assertThat(planned.outcome().plan().toDelete()).containsExactlyInAnyOrder(
                SnapshotName.parse("2026-11-20"), SnapshotName.parse("2026-11-21"));
        assertThat(planned.leftovers()).containsExactly(store().resolve("2026-11-24.partial"));
        assertThat(backups.list(store())).hasSize(4);

        PruneResult done = backups.prune(prune.dryRun(false).build());
        assertThat(done.outcome().deleted()).containsExactly(
                SnapshotName.parse("2026-11-20"), SnapshotName.parse("2026-11-21"));
        assertThat(store().resolve("2026-11-24.partial")).doesNotExist();
        assertThat(backups.list(store())).extracting(s -> s.name().toString())
                .containsExactly("2026-11-22", "2026-11-23");
    }

    @Test
    void requiredPartsAndBadInputAreRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> SnapshotSpec.builder(store()).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("nothing to back up");
        assertThatThrownBy(() -> SnapshotSpec.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("store");
        assertThatThrownBy(() -> RestoreSpec.builder(store(), Path.of("etc"), tmp).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> Backups.create(CLOCK, " ")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> backups.list(store())).isInstanceOf(ConfigException.class)
                .hasMessage("no store at " + store());
        assertThat(store()).doesNotExist();
    }
}
