package io.kaizen.backup.cli;

import io.kaizen.backup.history.FileVersions;
import io.kaizen.backup.history.History;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "log", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Every version of one file across the store's snapshots, oldest first: one line per version (the first and last snapshot holding that content, how many snapshots, size, SHA-256), and a line where the file was absent. Read from each snapshot's .kaizen/SHA256SUMS; no tree is walked.",
                "",
                "To get a version back: kaizen restore --snapshot DATE --path FILE --to DIR. An absence in a snapshot made by a run that failed is marked: the failure, not a deletion, may be the cause."},
        footer = {"", "Examples:",
                "  kaizen log --dest /backups /etc/nova/nova.conf",
                "  kaizen log --dest /srv/backups/compute-01 /etc/nova/nova.conf --json",
                "", "Exit status: 0 listed, 2 bad usage (no store, or the file is in no snapshot)."})
final class LogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file's absolute path, as on the node.")
    Path file;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        History.FileLog log = History.log(storeOption.path(common.nodeConfig()), file);
        log.notes().forEach(note -> output.problem("kaizen log: note: " + note));
        if (output.json()) {
            output.printJson(log);
            return ExitCodes.OK;
        }
        PrintTable table = new PrintTable("FROM", "TO", "SNAPSHOTS", "SIZE", "SHA256");
        for (FileVersions.Version v : log.versions()) {
            table.add(v.first(), v.last(), Integer.toString(v.snapshots()),
                    v.present() ? Formats.size(v.size()) : "-",
                    v.present() ? v.sha256() : "absent" + (v.failedRun() ? " (a run that failed)" : ""));
        }
        table.lines().forEach(output::result);
        return ExitCodes.OK;
    }
}
