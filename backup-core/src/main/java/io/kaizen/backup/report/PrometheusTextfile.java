package io.kaizen.backup.report;

import io.kaizen.backup.fs.AtomicFile;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Store metrics in the Prometheus text format, as node_exporter's textfile collector reads them: one gauge per
 * metric with a {@code node} and a {@code store} label per store, written by the Prometheus Java client's
 * writer, and put in place atomically (a temporary file in the same directory, fsynced, then renamed), so the
 * collector never reads half a file. The temporary name does not end in {@code .prom}, so it is never read.
 */
public final class PrometheusTextfile {
    private record Gauge(String name, String help, Function<StoreMetrics, Double> value) {
    }

    private static final List<Gauge> GAUGES = List.of(
            new Gauge("kaizen_last_success_timestamp_seconds",
                    "Unix time the newest snapshot whose run succeeded (with or without warnings) finished.",
                    StoreMetrics::lastSuccessTimestamp),
            new Gauge("kaizen_last_run_timestamp_seconds", "Unix time the last run finished, successful or not.",
                    StoreMetrics::lastRunTimestamp),
            new Gauge("kaizen_last_run_success", "1 if the last run succeeded (with or without warnings), 0 if it failed.",
                    StoreMetrics::lastRunSuccess),
            new Gauge("kaizen_last_run_exit_code", "Exit code of the last run: 0 success, 1 failed, 3 warnings.",
                    StoreMetrics::lastRunExitCode),
            new Gauge("kaizen_last_run_duration_seconds", "How long the last run took.",
                    StoreMetrics::lastRunDurationSeconds),
            new Gauge("kaizen_snapshot_files", "Regular files in the newest snapshot.", StoreMetrics::files),
            new Gauge("kaizen_snapshot_bytes", "Bytes of regular files in the newest snapshot.", StoreMetrics::bytes),
            new Gauge("kaizen_snapshot_transferred_bytes",
                    "Bytes the newest snapshot's run copied (files that were not hard-linked to the previous snapshot).",
                    StoreMetrics::bytesCopied),
            new Gauge("kaizen_snapshots", "Complete snapshots in the store.", StoreMetrics::snapshots),
            new Gauge("kaizen_oldest_snapshot_age_seconds", "Age of the oldest complete snapshot.",
                    StoreMetrics::oldestAgeSeconds),
            new Gauge("kaizen_newest_snapshot_age_seconds", "Age of the newest complete snapshot.",
                    StoreMetrics::newestAgeSeconds),
            new Gauge("kaizen_store_free_bytes", "Bytes kaizen may still write on the store's file system.",
                    StoreMetrics::freeBytes),
            new Gauge("kaizen_store_size_bytes", "Size of the store's file system.", StoreMetrics::sizeBytes),
            new Gauge("kaizen_offsite_last_success_timestamp_seconds",
                    "Unix time tier 3 last confirmed a snapshot of this store (replicated stores only).",
                    StoreMetrics::offsiteLastSuccessTimestamp),
            new Gauge("kaizen_offsite_unconfirmed_snapshots",
                    "Complete snapshots tier 3 has not confirmed yet, kept by retention (replicated stores only).",
                    StoreMetrics::offsiteUnconfirmed));

    private PrometheusTextfile() {
    }

    /** The text format of the stores' metrics. Pure. */
    public static byte[] render(List<StoreMetrics> stores) {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (Gauge gauge : GAUGES) {
            GaugeSnapshot.Builder metric = GaugeSnapshot.builder().name(gauge.name()).help(gauge.help());
            for (StoreMetrics store : stores) {
                Double value = gauge.value().apply(store);
                if (value != null) {
                    metric.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(Labels.of("node", store.node(), "store", store.store())).value(value).build());
                }
            }
            snapshots.add(metric.build());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(snapshots),
                    EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the stores' metrics to {@code file} atomically (mode 0644, readable by node_exporter). */
    public static void write(Path file, List<StoreMetrics> stores) throws IOException {
        AtomicFile.write(file, render(stores), PosixFilePermissions.fromString("rw-r--r--"));
    }
}
