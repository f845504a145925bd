package io.kaizen.backup.cli;

import io.kaizen.backup.restore.RestoreRequest;
import io.kaizen.backup.restore.RestoreResult;
import io.kaizen.backup.restore.Restorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restore", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Copy a path out of a snapshot, keeping mode, owner, times, symlinks and hard links. The path lands under its absolute name below --to: --path /etc/nova --to /tmp/r gives /tmp/r/etc/nova. Files that differ in the target are replaced; others are left alone. The store is never written to. Snapshots are plain trees: cp -a works too."},
        footer = {"", "Example:  kaizen restore --dest /backups --snapshot 2026-11-24 --path /etc/nova --to /tmp/r --dry-run"})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--snapshot", paramLabel = "DATE", defaultValue = "latest",
            description = "YYYY-MM-DD, or 'latest' (default).")
    String snapshot;

    @Option(names = "--path", paramLabel = "PATH", required = true,
            description = "Absolute path as on the node (a directory or a file).")
    Path path;

    @Option(names = "--to", paramLabel = "DIR", required = true, description = "Target directory (created if missing).")
    Path to;

    @Option(names = {"-n", "--dry-run"}, description = "List what would be copied; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        RestoreResult result = Restorer.restore(new RestoreRequest(storeOption.path(common.nodeConfig()), snapshot,
                path, to, dryRun));
        if (output.json()) {
            output.printJson(result);
            return ExitCodes.OK;
        }
        result.changes().forEach(output::log);
        output.log((dryRun ? "would restore " : "restored ") + result.source() + " (snapshot " + result.snapshot()
                + ") to " + result.destination());
        return ExitCodes.OK;
    }
}
