package io.kaizen.backup.cli;

import io.kaizen.backup.config.NodeSettings;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.Decision;
import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotPlan;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.source.Source;
import io.kaizen.backup.store.Counts;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.store.SourceResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Take a snapshot of the sources into STORE/YYYY-MM-DD.",
                "",
                "Each source path is copied under its absolute path (/etc/nova -> STORE/DATE/etc/nova), files unchanged since the newest complete snapshot hard-linked to it. Dump, postgresql, mysql and ssh-command sources (config only) store their checked output under dumps/NAME. The snapshot is built in DATE.partial and renamed when its manifest (.kaizen/manifest.json) and sums (.kaizen/SHA256SUMS) are on disk. A second run on the same day replaces that day's snapshot atomically. After a run that did not fail, retention is applied (if configured or given); a failed run never deletes anything."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  kaizen snapshot --source /etc --source /var/lib/foo --exclude '/var/lib/foo/cache/' \\",
                "                  --dest /backups --keep-days 8",
                "  kaizen snapshot --config /etc/kaizen/node.yaml",
                "",
                "Exclude patterns use rsync's filter syntax: '/abs/path/' is anchored (an absolute path on this",
                "node), 'name/' matches a directory anywhere, '*', '**', '?', '[...]' are wildcards; '+ PATTERN'",
                "includes, '- PATTERN' excludes, first match wins.",
                "",
                "Exit status: 0 ok, 1 failed (or store locked), 2 bad usage, 3 completed with warnings."})
final class SnapshotCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-s", "--source"}, paramLabel = "PATH",
            description = "A path to back up (repeatable). Replaces the configured sources.")
    List<Path> sources = new ArrayList<>();

    @Option(names = {"-x", "--exclude"}, paramLabel = "PATTERN",
            description = "Exclude (or '+ PATTERN' include) rule for every path source (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Mixin
    StoreOption store;

    @Option(names = "--engine", paramLabel = "NAME",
            description = "auto (default: java), java (built in, parallel) or rsync (the rsync binary).")
    String engine;

    @Option(names = "--delta-min-size", paramLabel = "SIZE",
            description = "Java engine: rebuild a changed file of at least SIZE (e.g. 64M) from its copy in the "
                    + "previous snapshot by rsync's delta algorithm, like rsync --no-whole-file, instead of copying it"
                    + " whole. Between local disks this saves no writing; 0 (default) never does it.")
    String deltaMinSize;

    @Option(names = "--checksum", description = "Treat a file as unchanged only if its content is the same too "
            + "(reads both copies; rsync's --checksum). Default: same size, mtime, mode and owner.")
    Boolean checksum;

    @Option(names = "--accept-store-without-hard-links", description = "Use a store whose file system cannot "
            + "hard-link (FAT, exFAT, some network file systems): every run copies every file and warns (exit 3). "
            + "Without it such a store is refused.")
    Boolean acceptStoreWithoutHardLinks;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Name the snapshot for this date instead of today (backfill, drills). It is linked "
                    + "against the newest complete snapshot on or before that date.")
    String date;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Host name recorded in the manifest and backup.info (default: this host's name).")
    String host;

    @Option(names = "--free-space-floor", paramLabel = "PCT%|SIZE",
            description = "Refuse to start (exit 1) when the store's file system would have less than this free after "
                    + "a run as large as the largest recent one: a percentage of its size (5%%, the default) or a size "
                    + "(10G).")
    String freeSpaceFloor;

    @Option(names = {"-n", "--dry-run"}, description = "Print what would be copied, hard-linked and excluded, "
            + "with sizes, and the totals; write nothing (no snapshot, no lock, no last-run record).")
    boolean dryRun;

    @ArgGroup(exclusive = false, heading = "%nRetention (applied after a run that did not fail):%n")
    RetentionOptions retention = new RetentionOptions();

    @Override
    public Integer call() {
        Output output = common.output(spec);
        SnapshotRequest request = NodeSettings.snapshotRequest(new NodeSettings.SnapshotOptions(store.dest, sources,
                excludes, engine, deltaMinSize, checksum, acceptStoreWithoutHardLinks, date, host, retention.policy(),
                freeSpaceFloor,
                LocalHost.name()),
                common.nodeConfig());
        if (dryRun) {
            render(new SnapshotJob(root.clock(), SnapshotListener.NONE).plan(request), output);
            return ExitCodes.OK;
        }
        RunReport report = new SnapshotJob(root.clock(), new Progress(output, request.sources().size())).run(request);
        render(report, output);
        return report.status().exitCode();
    }

    private static void render(RunReport report, Output output) {
        if (output.json()) {
            output.printJson(report);
        }
        Counts c = report.counts();
        switch (report.status()) {
            case SUCCEEDED, WARNINGS -> output.log(String.format("snapshot %s %s: %d files (%s), %d copied (%s), "
                            + "%d hard-linked, %d dirs, %d symlinks",
                    report.snapshot().orElse("-"), report.status() == RunStatus.WARNINGS ? "completed with warnings" : "complete",
                    c.files(), Formats.size(c.bytes()), c.filesCopied(), Formats.size(c.bytesCopied()), c.filesLinked(),
                    c.dirs(), c.symlinks()));
            case FAILED -> output.problem("kaizen snapshot: FAILED: " + report.failure().orElse("see the log above"));
        }
        report.snapshot().filter(s -> report.status() == RunStatus.FAILED)
                .ifPresent(s -> output.problem("kaizen snapshot: the sources that worked are in snapshot " + s
                        + ", marked failed; retention did not run"));
    }

    private static void render(SnapshotPlan plan, Output output) {
        if (output.json()) {
            output.printJson(plan);
            return;
        }
        output.log("dry run: snapshot " + plan.snapshot() + " in " + plan.store() + plan.linkedTo()
                .map(p -> ", hard-linking unchanged files to " + p.getFileName()).orElse(" (first snapshot: full copy)")
                + "; nothing is written");
        long filesCopied = 0;
        long bytesCopied = 0;
        long filesLinked = 0;
        long bytesLinked = 0;
        long excluded = 0;
        for (SnapshotPlan.PlannedSource source : plan.sources()) {
            for (SnapshotPlan.Entry entry : source.entries()) {
                output.log(String.format("  %-7s %10s  %s", entry.action().name().toLowerCase(Locale.ROOT),
                        entry.action() == SnapshotPlan.Action.COPY || entry.action() == SnapshotPlan.Action.LINK
                                ? Formats.size(entry.bytes()) : "", entry.path()));
            }
            output.log(String.format("%s %s: would copy %d files (%s), hard-link %d (%s), exclude %d, %d dirs",
                    source.kind(), source.name(), source.filesCopied(), Formats.size(source.bytesCopied()),
                    source.filesLinked(), Formats.size(source.bytesLinked()), source.excluded(), source.dirs()));
            filesCopied += source.filesCopied();
            bytesCopied += source.bytesCopied();
            filesLinked += source.filesLinked();
            bytesLinked += source.bytesLinked();
            excluded += source.excluded();
        }
        output.result(String.format("dry run of snapshot %s: would copy %d files (%s), hard-link %d files (%s), "
                        + "exclude %d entries; nothing written", plan.snapshot(), filesCopied, Formats.size(bytesCopied),
                filesLinked, Formats.size(bytesLinked), excluded));
    }

    /** Renders the run's events as they happen. */
    private static final class Progress implements SnapshotListener {
        private final Output output;
        private final int total;
        private int current;

        Progress(Output output, int total) {
            this.output = output;
            this.total = total;
        }

        @Override
        public void warning(String message) {
            output.problem("kaizen snapshot: warning: " + message);
        }

        @Override
        public void leftoverRemoved(Path dir) {
            output.log("removed leftover of an interrupted run: " + dir);
        }

        @Override
        public void started(SnapshotName name, Path partial, List<Path> linkDests) {
            output.log("snapshot " + name + " into " + partial + (linkDests.isEmpty() ? " (first snapshot: full copy)"
                    : ", hard-linking unchanged files to " + linkDests.get(0).getFileName()));
        }

        @Override
        public void sourceStarted(Source source) {
            current++;
            output.progress("[" + current + "/" + total + "] " + source.kind() + " " + source.name() + " ...");
        }

        @Override
        public void sourceFinished(Source source, SourceResult result) {
            switch (result.status()) {
                case SUCCEEDED -> output.log(source.kind() + " " + source.name() + ": ok" + details(result));
                case WARNINGS -> output.problem("kaizen snapshot: warning: " + source.kind() + " " + source.name()
                        + ": " + result.message());
                case FAILED -> output.problem("kaizen snapshot: error: " + source.kind() + " " + source.name()
                        + ": " + result.message());
            }
        }

        private static String details(SourceResult result) {
            StringBuilder text = new StringBuilder();
            if (result.message() != null) {
                text.append(" (").append(result.message()).append(")");
            }
            if (!result.files().isEmpty()) {
                text.append(", ").append(result.files().size()).append(result.files().size() == 1 ? " file" : " files")
                        .append(" (").append(Formats.size(result.files().stream().mapToLong(f -> f.bytes()).sum()))
                        .append(")");
            }
            if (result.changed() != null) {
                text.append(result.changed() ? ", changed since the last snapshot" : ", unchanged since the last snapshot");
            }
            if (result.reflink() != null && result.reflink().files() > 0) {
                text.append(", ").append(result.reflink().files()).append(" large files reflinked, ")
                        .append(Formats.size(result.reflink().bytesWritten())).append(" written");
            }
            if (result.reflink() != null && result.reflink().unavailable() != null) {
                text.append(" (").append(result.reflink().unavailable()).append(")");
            }
            return text.toString();
        }

        @Override
        public void summing() {
            output.progress("writing SHA256SUMS and manifest ...");
        }

        @Override
        public void committed(Snapshot snapshot) {
            output.log("committed " + snapshot.dir());
        }

        @Override
        public void pruned(Pruner.Outcome outcome) {
            for (Decision decision : outcome.plan().decisions()) {
                if (decision.action() == Decision.Action.DELETE) {
                    output.log("pruned " + decision.name() + ": " + decision.reason());
                }
            }
        }
    }
}
