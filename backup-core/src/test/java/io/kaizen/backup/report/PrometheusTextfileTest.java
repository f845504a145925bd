package io.kaizen.backup.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.testing.PrometheusFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusTextfileTest {
    private static final StoreMetrics FULL = new StoreMetrics("compute-01", "/srv/backups/compute-01", 1.7e9, 1.7e9 + 60,
            1.0, 0.0, 12.5, 1000.0, 5e9, 1e6, 8, 691200.0, 3600.0, 4e10, 1e11, 1.6e9, 3.0);
    private static final StoreMetrics EMPTY = new StoreMetrics("new \"node\"\\x", "/srv/backups/new", null, null, null,
            null, null, null, null, null, 0, null, null, null, null, null, null);

    @Test
    void everyMetricIsAGaugeLabelledByNodeAndStoreAndMissingValuesAreLeftOut() {
        String text = new String(PrometheusTextfile.render(List.of(FULL, EMPTY)), StandardCharsets.UTF_8);
        Map<String, Double> series = PrometheusFormat.parse(text);
        String full = "{node=\"compute-01\",store=\"/srv/backups/compute-01\"}";
        assertThat(series).containsEntry("kaizen_last_success_timestamp_seconds" + full, 1.7e9)
                .containsEntry("kaizen_last_run_duration_seconds" + full, 12.5)
                .containsEntry("kaizen_snapshot_transferred_bytes" + full, 1e6)
                .containsEntry("kaizen_snapshots" + full, 8.0)
                .containsEntry("kaizen_store_free_bytes" + full, 4e10)
                .containsEntry("kaizen_store_size_bytes" + full, 1e11)
                .containsEntry("kaizen_offsite_last_success_timestamp_seconds" + full, 1.6e9)
                .containsEntry("kaizen_offsite_unconfirmed_snapshots" + full, 3.0)
                .containsEntry("kaizen_snapshots{node=\"new \\\"node\\\"\\\\x\",store=\"/srv/backups/new\"}", 0.0)
                .hasSize(16);
        assertThat(text).contains("# TYPE kaizen_snapshots gauge", "# HELP kaizen_last_success_timestamp_seconds ");
    }

    @Test
    void theFileIsReplacedAtomicallyReadableByNodeExporterAndNoTemporaryIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kaizen.prom");
        Files.writeString(file, "old content\n");
        PrometheusTextfile.write(file, List.of(FULL));
        assertThat(PrometheusFormat.parse(Files.readString(file))).hasSize(15);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }
}
