package io.kaizen.backup.cli;

import io.kaizen.backup.history.History;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "What changed between two snapshots: the regular files added, removed and changed (different content) from FROM to TO, with their sizes, and totals. Read from the snapshots' .kaizen/SHA256SUMS, so it takes as long as reading two lists, not two trees; a snapshot whose sums file is missing or does not match its manifest is hashed instead (and a note says so).",
                "",
                "Directories, symlinks and attribute-only changes (mode, owner, mtime) are not listed: compare the trees with rsync -ain --delete for those. A snapshot made by a run that failed is noted: files missing from it may be missing because of the failure."},
        footer = {"", "Examples:",
                "  kaizen diff --dest /backups 2026-11-20 2026-11-24",
                "  kaizen diff --dest /backups 2026-11-20 latest --path /etc/nova --json",
                "", "Exit status: 0 compared (whether or not anything changed), 2 bad usage (unknown snapshot or path)."})
final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "FROM", description = "The older snapshot: YYYY-MM-DD or 'latest'.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The newer snapshot: YYYY-MM-DD or 'latest'.")
    String to;

    @Option(names = "--path", paramLabel = "PATH", description = "Only below this absolute path (as on the node).")
    Path path;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        History.DiffReport report = History.diff(storeOption.path(common.nodeConfig()), from, to,
                Optional.ofNullable(path), root.clock());
        report.notes().forEach(note -> output.problem("kaizen diff: note: " + note));
        if (output.json()) {
            output.printJson(report);
            return ExitCodes.OK;
        }
        if (!report.files().isEmpty()) {
            PrintTable table = new PrintTable("CHANGE", "BEFORE", "AFTER", "PATH");
            for (History.DiffEntry entry : report.files()) {
                table.add(entry.change(), size(entry.sizeBefore()), size(entry.sizeAfter()), entry.path());
            }
            table.lines().forEach(output::result);
        }
        output.result(report.from() + " -> " + report.to() + " below " + report.path() + ": " + report.added()
                + " added, " + report.removed() + " removed, " + report.changed() + " changed ("
                + Formats.size(report.bytesBefore()) + " before, " + Formats.size(report.bytesAfter()) + " after)");
        return ExitCodes.OK;
    }

    private static String size(Long bytes) {
        return bytes == null ? "-" : Formats.size(bytes);
    }
}
