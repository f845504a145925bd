package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.config.NodeSettings;
import io.kaizen.backup.config.TimeSpan;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.report.HealthCheck;
import io.kaizen.backup.report.OffsiteLag;
import io.kaizen.backup.report.PrometheusTextfile;
import io.kaizen.backup.report.StoreHealth;
import io.kaizen.backup.report.StoreMetrics;
import io.kaizen.backup.snapshot.FreeSpaceFloor;
import io.kaizen.backup.snapshot.SpaceGuard;
import io.kaizen.backup.store.LastRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Is this store (or, with --inventory, this collector) healthy? With --inventory, every node's newest good copy in DEST/NODE and its age are checked, and the last collection's result; exit 1 if any node has no copy, is older than --max-age, its last collection failed, its newest copy is of a failed run, or its record of the last collection cannot be read; on a collector that replicates (kaizen replicate), also when tier 3 is behind: a node's snapshots wait for tier 3 and it last confirmed one more than --max-age ago (column TIER 3: its last success, and how many snapshots wait; retention keeps those), and when the snapshots kept for tier 3 leave too little free space for the next collection (--free-space-floor).",
                "",
                "Is this store healthy? Shows the last run's result and the newest good snapshot (one whose run succeeded, with or without warnings) and its age. Meant for monitoring: it exits 1 when there is no good snapshot, when the newest one is older than --max-age, when the last run failed, or when the record of the last run (.kaizen/last-run.json) cannot be read."},
        footer = {"", "Examples:  kaizen status --dest /backups --max-age 26h || echo 'backups are stale'",
                "           kaizen status --dest /srv/backups --inventory /etc/kaizen/nodes.yaml",
                "           kaizen status --dest /backups --prometheus /var/lib/prometheus/node-exporter/kaizen.prom",
                "",
                "Metrics (--prometheus), gauges labelled node and store; a metric with nothing to measure is left out:",
                "  kaizen_last_success_timestamp_seconds  kaizen_last_run_timestamp_seconds  kaizen_last_run_success",
                "  kaizen_last_run_exit_code  kaizen_last_run_duration_seconds  kaizen_snapshot_files  kaizen_snapshot_bytes",
                "  kaizen_snapshot_transferred_bytes  kaizen_snapshots  kaizen_oldest_snapshot_age_seconds",
                "  kaizen_newest_snapshot_age_seconds  kaizen_store_free_bytes  kaizen_store_size_bytes",
                "  kaizen_offsite_last_success_timestamp_seconds  kaizen_offsite_unconfirmed_snapshots (replicated stores)",
                "Alert on time() - kaizen_last_success_timestamp_seconds > 93600 rather than on ages: they are as old as the file."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--max-age", paramLabel = "AGE",
            description = "Oldest acceptable age of the newest good snapshot (default: 26h; "
                    + "units s, m, h, d, w, e.g. 1d12h).")
    String maxAge;

    @Option(names = "--inventory", paramLabel = "FILE|DIR",
            description = "On a collector: check every node of this inventory in --dest (DEST/NODE/DATE) instead of one store.")
    Path inventory;

    @Option(names = "--free-space-floor", paramLabel = "PCT%|SIZE",
            description = "With --inventory: a node whose snapshots wait for tier 3 (kept by retention) is a problem when "
                    + "a collection as large as its largest recent one would leave less than this free on its file "
                    + "system: a percentage of its size (5%%, the default) or a size (10G).")
    String freeSpaceFloor;

    @Option(names = "--prometheus", paramLabel = "FILE",
            description = "Also write the store's (with --inventory: every node's) metrics to FILE in Prometheus text format, atomically, for node_exporter's textfile collector (e.g. /var/lib/prometheus/node-exporter/kaizen.prom).")
    Path prometheus;

    /** What {@code --json} prints, per store. */
    record Status(String node, Path store, boolean healthy, String state, List<String> problems,
                  Optional<LocalDate> newestGood, Optional<Long> newestGoodAgeSeconds, long maxAgeSeconds,
                  Optional<LastRun> lastRun, Optional<Long> freeBytes, Optional<Long> sizeBytes,
                  Optional<OffsiteLag> offsite) {
        static Status of(HealthCheck.StoreCheck check, Duration limit) {
            StoreHealth health = check.health();
            return new Status(check.node(), check.store(), health.healthy(), health.state().label(), health.problems(),
                    health.newestGood(), health.age().map(Duration::getSeconds), limit.getSeconds(), health.lastRun(),
                    Optional.ofNullable(check.metrics().freeBytes()).map(Double::longValue),
                    Optional.ofNullable(check.metrics().sizeBytes()).map(Double::longValue), check.history().offsite());
        }
    }

    /** What {@code --json} prints with {@code --inventory}. */
    record CollectorHealth(Path dest, boolean healthy, List<Status> nodes) {
    }

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Duration limit = maxAge == null ? StoreHealth.DEFAULT_MAX_AGE : TimeSpan.parse(maxAge);
        Optional<Path> metricsFile = Optional.ofNullable(prometheus).map(StatusCommand::writableFile);
        if (inventory != null) {
            return collector(output, limit, metricsFile);
        }
        if (freeSpaceFloor != null) {
            throw new ConfigException("--free-space-floor needs --inventory (it checks a collector's nodes whose "
                    + "snapshots wait for tier 3)");
        }
        HealthCheck.StoreCheck check = HealthCheck.store(storeOption.existing(common.nodeConfig()),
                root.clock().instant(), limit);
        metricsFile.ifPresent(file -> writeMetrics(output, file, List.of(check.metrics())));
        StoreHealth health = check.health();
        if (output.json()) {
            output.printJson(Status.of(check, limit));
        } else {
            health.lastRun().ifPresent(r -> output.log("last run: " + r.status().label() + ", started " + r.started()
                    + (r.snapshot() == null ? "" : ", snapshot " + r.snapshot())));
            check.newestGood().ifPresent(c -> output.log("newest good snapshot: " + c.date() + ", "
                    + Formats.age(health.age().orElseThrow()) + " old, " + c.files() + " files"));
            StoreMetrics metrics = check.metrics();
            if (metrics.freeBytes() != null && metrics.sizeBytes() != null) {
                output.log("free space: " + Formats.size(metrics.freeBytes().longValue()) + " of "
                        + Formats.size(metrics.sizeBytes().longValue()) + String.format(Locale.ROOT, " (%.0f %%)",
                        100 * metrics.freeBytes() / Math.max(1, metrics.sizeBytes())));
            }
            Instant now = root.clock().instant();
            check.history().offsite().ifPresent(lag -> output.log("tier 3: " + Formats.offsite(lag, now)));
        }
        health.problems().forEach(p -> output.problem("kaizen status: " + check.store() + ": " + p));
        return health.healthy() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private int collector(Output output, Duration limit, Optional<Path> metricsFile) {
        if (storeOption.dest == null) {
            throw new ConfigException("--inventory needs --dest DIR (the collector's store root)");
        }
        Path dest = storeOption.dest.toAbsolutePath();
        Inventory nodes = CollectorSettings.inventory(inventory, Optional.empty());
        FreeSpaceFloor floor = freeSpaceFloor == null ? FreeSpaceFloor.DEFAULT
                : NodeSettings.freeSpaceFloor(freeSpaceFloor);
        List<HealthCheck.StoreCheck> checks = HealthCheck.collector(dest, nodes.nodes(), root.clock().instant(), limit,
                (snapshots, space) -> SpaceGuard.refusal(snapshots, space, floor));
        metricsFile.ifPresent(file -> writeMetrics(output, file,
                checks.stream().map(HealthCheck.StoreCheck::metrics).toList()));
        boolean healthy = checks.stream().allMatch(c -> c.health().healthy());
        if (output.json()) {
            output.printJson(new CollectorHealth(dest, healthy, checks.stream().map(c -> Status.of(c, limit)).toList()));
        } else {
            Instant now = root.clock().instant();
            PrintTable table = new PrintTable("NODE", "NEWEST", "AGE", "LAST RUN", "TIER 3", "STATE");
            for (HealthCheck.StoreCheck c : checks) {
                StoreHealth h = c.health();
                table.add(c.node(), h.newestGood().map(LocalDate::toString).orElse("-"),
                        h.age().map(Formats::age).orElse("-"),
                        h.lastRun().map(r -> r.status().label()).orElse("never"),
                        c.history().offsite().map(lag -> tierThree(lag, now)).orElse("-"),
                        h.healthy() ? "ok" : "PROBLEM");
            }
            table.lines().forEach(output::log);
        }
        checks.forEach(c -> c.health().problems().forEach(p -> output.problem("kaizen status: " + c.node() + ": " + p)));
        return healthy ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Tier 3's cell: its last success's age, and how many copies wait for it. */
    private static String tierThree(OffsiteLag lag, Instant now) {
        return lag.lastConfirmed().map(at -> Formats.age(Duration.between(at, now)) + " ago").orElse("never")
                + (lag.awaiting() == 0 ? "" : ", " + lag.awaiting() + " waiting");
    }

    /** {@code --prometheus FILE}, checked before anything is written: its directory must exist. */
    private static Path writableFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new ConfigException("--prometheus " + file + " is a directory; give a file name (e.g. kaizen.prom)");
        }
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new ConfigException("--prometheus " + file + ": directory " + absolute.getParent() + " does not exist");
        }
        return absolute;
    }

    private static void writeMetrics(Output output, Path file, List<StoreMetrics> metrics) {
        try {
            PrometheusTextfile.write(file, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + e.getMessage(), e);
        }
        output.log("metrics written to " + file);
    }
}
