package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.CollectorConfig;
import io.kaizen.backup.config.CollectorSettings;
import io.kaizen.backup.fs.AtomicFile;
import io.kaizen.backup.inventory.Inventory;
import io.kaizen.backup.report.FleetReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Write a collector's fleet report: one static, self-contained HTML page (inline CSS and SVG, no scripts, no external assets; readable on a phone) with a grid of the inventory's nodes by the last --days days, each day complete, complete with warnings, failed, missing, stale or not due, then per node its newest good copy, its last error, and charts of each copy's size and of the bytes each node's run copied.",
                "",
                "Read from DEST/NODE only (the copies' manifests and .kaizen/last-run.json, the last collection's result). A node with no good copy is shown red, as is each day without a copy inside a node's history; the days after the newest good copy of a node older than --max-age are stale. The page is written atomically (a temporary file renamed over FILE), mode 0644.",
                "",
                "Bad input (exit 2, nothing written): no store at DEST, a store holding nothing collected, an inventory node without a directory in DEST (never collected: run kaizen collect first, or remove it from the inventory), a missing directory for FILE."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  kaizen report --config /etc/kaizen/collector.yaml --html /var/www/kaizen/index.html",
                "  kaizen report --dest /srv/backups --inventory nodes.yaml --html /var/www/kaizen/index.html \\",
                "                --days 14 --max-age 30h",
                "",
                "  # /etc/cron.d/kaizen-report: after the collection",
                "  30 7 * * * root kaizen report --config /etc/kaizen/collector.yaml --html /var/www/kaizen.html"})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    InventoryOption inventoryOption;

    @Mixin
    CollectorDestOption destOption;

    @Option(names = "--html", paramLabel = "FILE", required = true, description = "Where the page is written.")
    Path html;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Days shown in the grid and charts, today included (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--max-age", paramLabel = "AGE",
            description = "A node whose newest good copy finished longer ago is stale (default: 'max-age:' from the config, else 26h).")
    String maxAge;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        if (days < 1 || days > 366) {
            throw new ConfigException("--days must be between 1 and 366, got " + days);
        }
        Optional<CollectorConfig> config = InventoryOption.collectorConfig(common.config);
        Inventory inventory = inventoryOption.load(config);
        Path root = destOption.path(config);
        Duration limit = CollectorSettings.maxAge(maxAge, config);
        Path target = html.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new ConfigException("no directory " + target.getParent() + " for --html " + target);
        }
        FleetReport report = FleetReport.collector(root, inventory, root().clock(), limit, days);
        write(target, HtmlReport.render(report, root.toString(), root().clock().getZone()));
        if (output.json()) {
            output.printJson(report);
        }
        output.log("wrote " + target + ": " + report.nodes().size() + " nodes from " + inventory.describe() + " ("
                + report.healthCounts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", ")) + ")");
        return ExitCodes.OK;
    }

    private Kaizen root() {
        return root;
    }

    /** Writes the page next to {@code target} and renames it over {@code target}, so readers never see half a page. */
    private static void write(Path target, String page) {
        try {
            AtomicFile.write(target, page.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
