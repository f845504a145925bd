package io.kaizen.backup.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.fs.DiskSpace;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Snapshot snapshot(String date, RunStatus status, long files) {
        Instant finished = Instant.parse(date + "T02:30:00Z");
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "compute-01", date, finished.minusSeconds(60), finished,
                "0.1.0", "rsync", status, List.of(), new Counts(files, 1, 0, 0, files * 10, 2, files - 2, 20), List.of(),
                "00");
        return new Snapshot(new SnapshotName(LocalDate.parse(date)), Path.of("/backups", date), manifest);
    }

    @Test
    void theLastSuccessIsTheNewestGoodSnapshotAndTheCountsAreTheNewestSnapshots() {
        LastRun failed = new LastRun("compute-01", "2026-11-25", Instant.parse("2026-11-25T02:00:00Z"),
                Instant.parse("2026-11-25T02:00:42.500Z"), RunStatus.FAILED, 1, "dump db failed", null);
        StoreMetrics metrics = StoreMetrics.of("compute-01", "/backups", List.of(snapshot("2026-11-23", RunStatus.SUCCEEDED, 100),
                snapshot("2026-11-24", RunStatus.WARNINGS, 110), snapshot("2026-11-25", RunStatus.FAILED, 50)),
                Optional.of(failed), Optional.of(new DiskSpace(1L << 40, 1L << 38)), Optional.of(new OffsiteLag(2,
                        Optional.of(LocalDate.parse("2026-11-24")), Optional.of(Instant.parse("2026-11-23T04:00:00Z")))),
                NOW);
        assertThat(metrics.lastSuccessTimestamp()).isEqualTo((double) Instant.parse("2026-11-24T02:30:00Z").getEpochSecond());
        assertThat(metrics.lastRunSuccess()).isZero();
        assertThat(metrics.lastRunExitCode()).isEqualTo(1.0);
        assertThat(metrics.lastRunDurationSeconds()).isEqualTo(42.5);
        assertThat(metrics.files()).isEqualTo(50.0);
        assertThat(metrics.bytesCopied()).isEqualTo(20.0);
        assertThat(metrics.snapshots()).isEqualTo(3.0);
        assertThat(metrics.oldestAgeSeconds()).isEqualTo(2 * 86400 + 9.5 * 3600);
        assertThat(metrics.newestAgeSeconds()).isEqualTo(9.5 * 3600);
        assertThat(metrics.freeBytes()).isEqualTo((double) (1L << 38));
        assertThat(metrics.sizeBytes()).isEqualTo((double) (1L << 40));
        assertThat(metrics.offsiteLastSuccessTimestamp())
                .isEqualTo((double) Instant.parse("2026-11-23T04:00:00Z").getEpochSecond());
        assertThat(metrics.offsiteUnconfirmed()).isEqualTo(2.0);
    }

    @Test
    void anEmptyStoreHasOnlyASnapshotCountOfZero() {
        StoreMetrics metrics = StoreMetrics.of("new", "/backups", List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), NOW);
        assertThat(metrics).isEqualTo(new StoreMetrics("new", "/backups", null, null, null, null, null, null, null, null,
                0, null, null, null, null, null, null));
    }
}
