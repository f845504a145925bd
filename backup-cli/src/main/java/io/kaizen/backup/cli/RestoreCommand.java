package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.NodeConfig;
import io.kaizen.backup.config.NodeSettings;
import io.kaizen.backup.config.OffsiteConfig;
import io.kaizen.backup.offsite.OffsiteKeys;
import io.kaizen.backup.offsite.OffsiteRestorer;
import io.kaizen.backup.restore.DatabaseRestorePlan;
import io.kaizen.backup.restore.DatabaseRestoreRequest;
import io.kaizen.backup.restore.DatabaseRestorer;
import io.kaizen.backup.restore.RestoreRequest;
import io.kaizen.backup.restore.RestoreResult;
import io.kaizen.backup.restore.RestoreStep;
import io.kaizen.backup.restore.Restorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "restore", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Copy a path out of a snapshot, keeping mode, owner (as root), mtime, symlinks and hard links. The path lands under its absolute name below --to: --path /etc/nova --to /tmp/r gives /tmp/r/etc/nova; --to / puts it back in place. --to is created if it does not exist. Files that differ in the target are replaced, except files newer in the target than in the snapshot: those are kept and named (exit 3) unless --force. Other files in the target are left alone. --dry-run lists what would change (rsync's itemized list) and changes nothing.",
                "",
                "Refused (exit 2, nothing written): an unknown snapshot or a path not in it, a path with '..' or below a symlink in the snapshot, and a target inside the store. The store is never written to. Snapshots are plain trees: cp -a works too.",
                "",
                "With --db NAME (a postgresql: or mysql: source), print the exact commands that restore that source's dumps from the snapshot, or run them with --apply. PostgreSQL: psql for the roles (globals.sql; roles that exist are reported and kept), then pg_restore --create per database, which refuses to overwrite a database of the same name (drop or rename it first). MariaDB/MySQL: the dump into mysql. The connection comes from the source in --config; --db-host/--db-port (PostgreSQL) or --defaults-file (MySQL) point at another server. A mariabackup: source is restored into a new data directory, --to DIR: the full backup copied there and prepared with each incremental in order; then stop the server and start it on that directory (or mariabackup --copy-back)."},
        footer = {"", "Examples:",
                "  kaizen restore --dest /backups --snapshot 2026-11-24 --path /etc/nova --to /tmp/r --dry-run",
                "  kaizen restore --dest /backups --snapshot latest --path /etc/nova --to / --force",
                "  kaizen restore --config /etc/kaizen/node.yaml --db haas --snapshot 2026-11-24",
                "  kaizen restore --config /etc/kaizen/node.yaml --db haas --snapshot 2026-11-24 --db-port 5433 --apply",
                "  kaizen restore --config /etc/kaizen/node.yaml --db galera --snapshot latest --to /var/lib/mysql-restored --apply",
                "  kaizen restore --offsite --config /etc/kaizen/offsite.yaml --node web-1 --snapshot latest --path /etc --to /tmp/r"})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--snapshot", paramLabel = "DATE", defaultValue = "latest",
            description = "YYYY-MM-DD, or 'latest' (default; with --db the newest snapshot holding that source's dumps).")
    String snapshot;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Absolute path as on the node (a directory or a file).")
    Path path;

    @Option(names = "--to", paramLabel = "DIR", description = "Target directory for --path (created if missing); with --db of a mariabackup source, the new data directory.")
    Path to;

    @Option(names = {"-n", "--dry-run"}, description = "List what would be copied (--path) or print the commands (--db); change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "With --path: also overwrite files that are newer in the target than in the snapshot, and restore into a target other users can write or with a symlink where the snapshot has a directory (refused otherwise).")
    boolean force;

    @Option(names = "--db", paramLabel = "NAME", description = "A database source (postgresql:, mysql: or mariabackup:) to restore.")
    String db;

    @Option(names = "--apply", description = "With --db: run the restore commands instead of printing them.")
    boolean apply;

    @Option(names = "--db-host", paramLabel = "HOST",
            description = "With --db: restore into the PostgreSQL server at this host or socket directory.")
    String dbHost;

    @Option(names = "--db-port", paramLabel = "PORT", description = "With --db: ... and this port.")
    Integer dbPort;

    @Option(names = "--defaults-file", paramLabel = "FILE",
            description = "With --db: restore into the MariaDB/MySQL server (and with the credentials) this my.cnf names.")
    Path defaultsFile;

    @Option(names = "--offsite",
            description = "Restore from tier 3, the offsite repository that --config (an offsite configuration) names, instead of a store: give --node, --path and --to (--snapshot as above). --to/PATH must not exist yet (for --path / --to may be an empty directory).")
    boolean offsite;

    @Option(names = "--node", paramLabel = "NODE", description = "With --offsite: the node whose snapshot is restored.")
    String node;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        if (offsite) {
            return restoreOffsite(output);
        }
        if (node != null) {
            throw new ConfigException("--node goes with --offsite");
        }
        if ((path == null) == (db == null)) {
            throw new ConfigException("give either --path PATH --to DIR (files) or --db NAME (a database source)");
        }
        return db != null ? restoreDatabase(output) : restorePath(output);
    }

    private int restorePath(Output output) {
        if (to == null) {
            throw new ConfigException("Missing required option: '--to=DIR' (--path needs the directory to restore into)");
        }
        if (apply || dbHost != null || dbPort != null || defaultsFile != null) {
            throw new ConfigException("--apply, --db-host, --db-port and --defaults-file go with --db");
        }
        RestoreResult result = Restorer.restore(new RestoreRequest(storeOption.path(common.nodeConfig()), snapshot,
                path, to, dryRun, force), root.clock());
        int exit = result.keptNewer().isEmpty() ? ExitCodes.OK : ExitCodes.WARNINGS;
        if (output.json()) {
            output.printJson(result);
            return exit;
        }
        if (dryRun) {
            result.changes().forEach(output::result);
        } else {
            result.changes().forEach(output::log);
        }
        result.keptNewer().forEach(file -> output.problem("kaizen restore: " + (dryRun ? "would keep " : "kept ")
                + file + ": newer in the target than in snapshot " + result.snapshot() + " (--force overwrites it)"));
        output.log((dryRun ? "would restore " : "restored ") + result.source() + " (snapshot " + result.snapshot()
                + ") to " + result.destination());
        return exit;
    }

    private int restoreOffsite(Output output) {
        if (node == null || path == null || to == null) {
            throw new ConfigException("--offsite needs --node NODE --path PATH --to DIR");
        }
        if (db != null || storeOption.dest != null || dryRun || force || apply) {
            throw new ConfigException("--offsite takes --config, --node, --snapshot, --path and --to only");
        }
        OffsiteConfig config = common.offsiteConfig();
        OffsiteKeys keys = OffsiteKeys.load(config.keyPath());
        OffsiteRestorer.Result result = OffsiteCommand.withTarget(config, target -> OffsiteRestorer.restore(target,
                keys, new OffsiteRestorer.Request(node, snapshot, path, to)));
        if (output.json()) {
            output.printJson(result);
            return ExitCodes.OK;
        }
        output.log("restored " + path + " of " + result.node() + "/" + result.date() + " from tier 3 to "
                + result.destination() + ": " + result.entries() + " entries, " + result.files() + " files, "
                + Formats.size(result.bytes()));
        return ExitCodes.OK;
    }

    private int restoreDatabase(Output output) {
        if (apply && dryRun) {
            throw new ConfigException("--apply and --dry-run contradict each other");
        }
        Optional<NodeConfig> config = common.nodeConfig();
        DatabaseRestorePlan plan = DatabaseRestorer.plan(new DatabaseRestoreRequest(storeOption.path(config),
                snapshot, db, NodeSettings.databaseSource(config, db), dbHost, dbPort, defaultsFile, to), root.clock());
        plan.notes().forEach(note -> output.problem("kaizen restore: note: " + note));
        if (!apply) {
            if (output.json()) {
                output.printJson(plan);
                return ExitCodes.OK;
            }
            output.result("# restore " + plan.kind() + " " + plan.name() + " from snapshot " + plan.snapshot()
                    + ": run these commands in order (or add --apply)");
            plan.steps().forEach(step -> output.result(step.shellLine()));
            return ExitCodes.OK;
        }
        for (RestoreStep step : plan.steps()) {
            output.log("running: " + step.shellLine());
        }
        List<String> said = DatabaseRestorer.apply(plan);
        if (output.json()) {
            output.printJson(Map.of("plan", plan, "messages", said));
            return ExitCodes.OK;
        }
        said.forEach(line -> output.log("  " + line));
        output.log("restored " + plan.kind() + " " + plan.name() + " from snapshot " + plan.snapshot());
        return ExitCodes.OK;
    }
}
