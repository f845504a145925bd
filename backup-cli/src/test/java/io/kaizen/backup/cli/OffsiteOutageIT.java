package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.PrometheusFormat;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3 down for ten days (its directory gone, as when the other site's file system is not mounted), with the
 * collector's nightly cycle run each day at its date: a new snapshot, {@code replicate}, {@code prune
 * --keep-days 2}, then {@code status} (with metrics) and the fleet report at noon. While tier 3 is down no
 * snapshot it has not confirmed is deleted, replicate fails and status, metrics and report say so every day,
 * and status warns before the kept snapshots would fill the disk (here: a floor of 100 %); when it is back, one
 * replicate sends everything and retention prunes again.
 */
class OffsiteOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIRST = LocalDate.of(2026, 6, 1);
    private static final String UNCONFIRMED = "kaizen_offsite_unconfirmed_snapshots";
    private static final String LAST_SUCCESS = "kaizen_offsite_last_success_timestamp_seconds";

    @TempDir
    Path tmp;
    private Path collector;
    private Path config;
    private Path inventory;
    private Path metrics;
    private Path source;

    @Test
    void tierThreeDownForTenDaysKeepsEveryUnconfirmedSnapshotAlertsDailyAndCatchesUpWhenBack() throws Exception {
        collector = tmp.resolve("collector");
        Path repository = tmp.resolve("offsite");
        config = Files.writeString(tmp.resolve("offsite.yaml"), "collector-store: " + collector + "\nkey: "
                + tmp.resolve("offsite.keyset") + "\ntarget:\n  directory: " + repository + "\n");
        inventory = Files.writeString(tmp.resolve("nodes.yaml"), "nodes:\n  - {name: web-1, host: 10.0.0.11}\n");
        metrics = tmp.resolve("kaizen.prom");
        source = TreeBuilder.at(tmp.resolve("src")).file("etc/app.conf", "web-1\n").root();
        assertThat(run(FIRST, "offsite", "init", "--config", config.toString()).exitCode()).isZero();

        for (int day = 0; day < 3; day++) {
            LocalDate date = FIRST.plusDays(day);
            nightly(date, 0);
            assertThat(noonStatus(date).exitCode()).isZero();
        }
        assertThat(dates()).containsExactly("2026-06-02", "2026-06-03");
        Instant lastSuccess = Instant.parse("2026-06-03T02:30:00Z");
        assertThat(series().get(LAST_SUCCESS + "{node=\"web-1\",store=\"" + collector.resolve("web-1") + "\"}"))
                .isBetween((double) lastSuccess.getEpochSecond(), lastSuccess.getEpochSecond() + 1.0);

        Path unmounted = Files.move(repository, tmp.resolve("offsite-unmounted"));
        for (int day = 3; day < 13; day++) {
            LocalDate date = FIRST.plusDays(day);
            nightly(date, 1);
            List<String> kept = Stream.concat(day == 3 ? Stream.of("2026-06-03") : Stream.empty(),
                    Stream.iterate(FIRST.plusDays(3), d -> !d.isAfter(date), d -> d.plusDays(1)).map(Object::toString))
                    .toList();
            assertThat(dates()).as("day %s: every snapshot tier 3 has not confirmed is kept, only confirmed ones "
                    + "outside keep-days go", date).isEqualTo(kept);
            KaizenProcess.Result status = noonStatus(date);
            assertThat(status.exitCode()).as("day %s: %s", date, status).isEqualTo(1);
            assertThat(status.stderr()).contains("web-1: tier 3 is behind: " + (day - 2)
                    + " snapshot(s) not confirmed (oldest 2026-06-04)");
            assertThat(status.stdout()).contains((day - 2) + " waiting");
            Map<String, Double> series = series();
            String labels = "{node=\"web-1\",store=\"" + collector.resolve("web-1") + "\"}";
            assertThat(series.get(UNCONFIRMED + labels)).isEqualTo(day - 2.0);
            assertThat(series.get(LAST_SUCCESS + labels))
                    .isBetween((double) lastSuccess.getEpochSecond(), lastSuccess.getEpochSecond() + 1.0);
        }
        KaizenProcess.Result full = noonStatus(FIRST.plusDays(12), "--free-space-floor", "100%");
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.stderr()).contains("web-1: 10 snapshot(s) kept for tier 3 leave too little space for the next "
                + "collection: not enough free space").contains("under the free-space floor of 100 %");
        assertThat(noonStatus(FIRST.plusDays(12)).stderr()).doesNotContain("too little space");
        KaizenProcess.Result notASize = noonStatus(FIRST.plusDays(12), "--free-space-floor", "lots");
        assertThat(notASize.exitCode()).as(notASize.toString()).isEqualTo(2);
        assertThat(notASize.stderr()).contains("free-space-floor").contains("lots");
        KaizenProcess.Result noInventory = InProcess.run(InProcess.at(FIRST.plusDays(12)), "status", "--dest",
                collector.resolve("web-1").toString(), "--free-space-floor", "5%");
        assertThat(noInventory.exitCode()).as(noInventory.toString()).isEqualTo(2);
        assertThat(noInventory.stderr()).contains("--free-space-floor needs --inventory");
        Path html = tmp.resolve("report.html");
        assertThat(run(FIRST.plusDays(12), "report", "--dest", collector.toString(), "--inventory",
                inventory.toString(), "--html", html.toString()).exitCode()).isZero();
        assertThat(Files.readString(html)).contains("tier 3").contains("10 not confirmed (oldest 2026-06-04)");

        Files.move(unmounted, repository);
        LocalDate back = FIRST.plusDays(13);
        source = TreeBuilder.at(source).file("var/day", back + "\n").root();
        assertThat(run(back, "snapshot", "--source", source.toString(), "--dest", collector.resolve("web-1").toString(),
                "--date", back.toString()).exitCode()).isZero();
        KaizenProcess.Result replicated = run(back, "replicate", "--config", config.toString(), "--json");
        assertThat(replicated.exitCode()).as(replicated.toString()).isZero();
        assertThat(JSON.readTree(replicated.stdout()).get("sent")).hasSize(11);
        KaizenProcess.Result pruned = run(back, "prune", "--dest", collector.resolve("web-1").toString(),
                "--keep-days", "2");
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(dates()).containsExactly("2026-06-13", "2026-06-14");
        assertThat(noonStatus(back, "--free-space-floor", "100%").exitCode())
                .as("nothing waits for tier 3: the free-space alert is the disk-space guard's, for nodes' own runs")
                .isZero();
        assertThat(series().get(UNCONFIRMED + "{node=\"web-1\",store=\"" + collector.resolve("web-1") + "\"}"))
                .isZero();
        JsonNode listed = JSON.readTree(run(back, "offsite", "list", "--config", config.toString(), "--json").stdout());
        assertThat(listed.get("snapshots")).hasSize(14);
    }

    @Test
    void aNodeTierThreeNeverConfirmedIsBehindAndKeptOnceTheCollectorIsReplicated() throws Exception {
        collector = tmp.resolve("collector");
        Path repository = tmp.resolve("offsite");
        config = Files.writeString(tmp.resolve("offsite.yaml"), "collector-store: " + collector + "\nkey: "
                + tmp.resolve("offsite.keyset") + "\ntarget:\n  directory: " + repository + "\n");
        inventory = Files.writeString(tmp.resolve("nodes.yaml"), "nodes:\n  - {name: web-1, host: 10.0.0.11}\n");
        metrics = tmp.resolve("kaizen.prom");
        source = TreeBuilder.at(tmp.resolve("src")).file("etc/app.conf", "web-1\n").root();
        assertThat(run(FIRST, "snapshot", "--source", source.toString(), "--dest",
                collector.resolve("web-1").toString(), "--date", FIRST.toString()).exitCode()).isZero();
        assertThat(noonStatus(FIRST).exitCode()).as("no offsite configuration yet: nothing waits for tier 3")
                .isZero();
        assertThat(run(FIRST, "offsite", "init", "--config", config.toString()).exitCode()).isZero();
        Files.move(repository, tmp.resolve("offsite-unmounted"));

        for (int day = 1; day < 5; day++) {
            LocalDate date = FIRST.plusDays(day);
            nightly(date, 1);
            assertThat(dates()).as("day %s: no snapshot tier 3 never confirmed is deleted", date).hasSize(day + 1);
            KaizenProcess.Result status = noonStatus(date);
            assertThat(status.exitCode()).as("day %s: %s", date, status).isEqualTo(1);
            assertThat(status.stderr()).contains("web-1: tier 3 is behind: " + (day + 1)
                    + " snapshot(s) not confirmed (oldest " + FIRST + ")").contains("it never confirmed one");
            Map<String, Double> series = series();
            String labels = "{node=\"web-1\",store=\"" + collector.resolve("web-1") + "\"}";
            assertThat(series.get(UNCONFIRMED + labels)).isEqualTo(day + 1.0);
            assertThat(series).doesNotContainKey(LAST_SUCCESS + labels);
        }
        Path html = tmp.resolve("report.html");
        assertThat(run(FIRST.plusDays(4), "report", "--dest", collector.toString(), "--inventory",
                inventory.toString(), "--html", html.toString()).exitCode()).isZero();
        assertThat(Files.readString(html)).contains("5 not confirmed (oldest " + FIRST + ")");
    }

    /** The night of {@code date}: a new snapshot, replicate (expected to exit {@code replicateExit}), prune. */
    private void nightly(LocalDate date, int replicateExit) throws Exception {
        source = TreeBuilder.at(source).file("var/day", date + "\n").root();
        KaizenProcess.Result snapshot = run(date, "snapshot", "--source", source.toString(), "--dest",
                collector.resolve("web-1").toString(), "--date", date.toString());
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        KaizenProcess.Result replicate = run(date, "replicate", "--config", config.toString());
        assertThat(replicate.exitCode() != 0).as("%s: %s", date, replicate).isEqualTo(replicateExit != 0);
        KaizenProcess.Result prune = run(date, "prune", "--dest", collector.resolve("web-1").toString(),
                "--keep-days", "2");
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
    }

    private KaizenProcess.Result noonStatus(LocalDate date, String... more) {
        List<String> args = Stream.concat(Stream.of("status", "--dest", collector.toString(), "--inventory",
                inventory.toString(), "--prometheus", metrics.toString()), Stream.of(more)).toList();
        return InProcess.run(Clock.fixed(date.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                args.toArray(String[]::new));
    }

    private static KaizenProcess.Result run(LocalDate date, String... args) {
        return InProcess.run(InProcess.at(date), args);
    }

    private Map<String, Double> series() throws Exception {
        return PrometheusFormat.parse(Files.readString(metrics));
    }

    private List<String> dates() throws Exception {
        try (Stream<Path> entries = Files.list(collector.resolve("web-1"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("2026-")).sorted().toList();
        }
    }
}
