package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.PrometheusFormat;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaizen status --prometheus FILE} on a store made by {@code kaizen snapshot}: the file is in the text
 * format (checked strictly here and by Prometheus's own promtool), atomically replaced, and its numbers are the
 * store's.
 */
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    @TempDir
    Path tmp;

    /** Runs kaizen in-process, at 02:30 UTC on {@link #TODAY}. */
    private static KaizenProcess.Result kaizen(String... args) {
        return InProcess.run(InProcess.at(TODAY), args);
    }

    @Test
    void theTextfileHoldsTheStoresNumbersInAFormatPrometheusAccepts() throws Exception {
        Path source = TreeBuilder.at(tmp.resolve("src")).file("a", "12345").file("b/c", "678").root();
        Path store = tmp.resolve("store");
        String older = TODAY.minusDays(1).toString();
        String newer = TODAY.toString();
        for (String date : new String[] {older, newer}) {
            KaizenProcess.Result run = InProcess.run(InProcess.at(LocalDate.parse(date)), "snapshot", "--source", source.toString(), "--dest",
                    store.toString(), "--date", date);
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        Path dir = Files.createDirectories(tmp.resolve("textfile"));
        Path file = dir.resolve("kaizen.prom");
        Files.writeString(file, "# an older file that is replaced\n");

        KaizenProcess.Result status = kaizen("status", "--dest", store.toString(), "--prometheus", file.toString());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("metrics written to " + file);

        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Double> series = PrometheusFormat.parse(text);
        JsonNode manifest = JSON.readTree(store.resolve(newer).resolve(".kaizen/manifest.json").toFile());
        JsonNode lastRun = JSON.readTree(store.resolve(".kaizen/last-run.json").toFile());
        String labels = "{node=\"" + manifest.get("host").asText() + "\",store=\"" + store + "\"}";
        assertThat(series).hasSize(13)
                .containsEntry("kaizen_snapshots" + labels, 2.0)
                .containsKeys("kaizen_store_free_bytes" + labels, "kaizen_store_size_bytes" + labels)
                .containsEntry("kaizen_snapshot_files" + labels, manifest.at("/counts/files").asDouble())
                .containsEntry("kaizen_snapshot_bytes" + labels, manifest.at("/counts/bytes").asDouble())
                .containsEntry("kaizen_snapshot_transferred_bytes" + labels, manifest.at("/counts/bytesCopied").asDouble())
                .containsEntry("kaizen_last_run_success" + labels, 1.0)
                .containsEntry("kaizen_last_run_exit_code" + labels, 0.0)
                .containsEntry("kaizen_last_success_timestamp_seconds" + labels,
                        Instant.parse(manifest.get("finished").asText()).toEpochMilli() / 1000.0)
                .containsEntry("kaizen_last_run_timestamp_seconds" + labels,
                        Instant.parse(lastRun.get("finished").asText()).toEpochMilli() / 1000.0);
        assertThat(series.get("kaizen_oldest_snapshot_age_seconds" + labels))
                .isGreaterThanOrEqualTo(series.get("kaizen_newest_snapshot_age_seconds" + labels)).isGreaterThan(0);

        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as("promtool check metrics:\n" + said).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries).as("no temporary file left").containsExactly(file);
        }
    }
}
