package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.NodeConfig;
import io.kaizen.backup.config.NodeSettings;
import io.kaizen.backup.retention.Decision;
import io.kaizen.backup.retention.Pruner;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.store.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Apply a retention policy to a store: print the plan with a reason for every snapshot, then delete what it says (nothing with --dry-run). Also removes leftovers of interrupted runs.",
                "",
                "Safety rules that always win over the policy: only complete snapshots are counted and deleted; the newest snapshot and the newest successful one are never deleted; snapshots dated in the future are kept; nothing is deleted if fewer than --min-keep snapshots would remain. A snapshot is deleted by renaming it to DATE.deleting first, so it is never half there."},
        footer = {"", "Examples:",
                "  kaizen prune --dest /backups --keep-days 8 --dry-run",
                "  kaizen prune --dest /backups --keep-daily 7 --keep-weekly 4 --keep-monthly 12"})
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = {"-n", "--dry-run"}, description = "Print the plan; delete nothing.")
    boolean dryRun;

    @ArgGroup(exclusive = false, heading = "%nRetention (overrides 'retention:' from the config):%n")
    RetentionOptions retention = new RetentionOptions();

    /** What {@code --json} prints. */
    record Result(Path store, boolean dryRun, String policy, List<Decision> decisions, List<String> leftovers) {
    }

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Optional<NodeConfig> config = common.nodeConfig();
        RetentionPolicy policy = NodeSettings.retention(retention.policy(), config)
                .orElseThrow(() -> new ConfigException("no retention policy: give --keep-days N (or --keep-daily/"
                        + "--keep-weekly/--keep-monthly/--keep-yearly), or 'retention:' in the config"));
        SnapshotStore store = storeOption.existing(config);
        Pruner.Result result;
        List<String> warnings = new ArrayList<>();
        try {
            result = Pruner.run(new Pruner.Request(store, policy, dryRun, LocalHost.name()), root.clock(),
                    w -> {
                        warnings.add(w);
                        output.problem("kaizen prune: warning: " + w);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("prune of " + store.root() + " failed: " + e.getMessage(), e);
        }
        List<String> leftovers = result.leftovers().stream().map(p -> p.getFileName().toString()).toList();
        List<Decision> decisions = result.outcome().plan().decisions();
        if (output.json()) {
            output.printJson(new Result(result.store(), dryRun, policy.describe(), decisions, leftovers));
            return warnings.isEmpty() ? ExitCodes.OK : ExitCodes.WARNINGS;
        }
        output.log((dryRun ? "plan (dry run, nothing deleted) for " : "pruning ") + result.store() + " with "
                + policy.describe() + ":");
        for (Decision d : decisions) {
            output.log(String.format("  %-6s %s  %s", d.action() == Decision.Action.KEEP ? "keep" : "delete",
                    d.name(), d.reason()));
        }
        leftovers.forEach(l -> output.log("  " + (dryRun ? "would remove" : "removed") + " leftover " + l));
        return warnings.isEmpty() ? ExitCodes.OK : ExitCodes.WARNINGS;
    }
}
