package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.OffsiteConfig;
import io.kaizen.backup.offsite.OffsiteCatalog;
import io.kaizen.backup.offsite.OffsiteKeys;
import io.kaizen.backup.offsite.OffsitePruner;
import io.kaizen.backup.offsite.OffsiteSnapshot;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "offsite", mixinStandardHelpOptions = true,
        subcommands = {OffsiteCommand.Init.class, OffsiteCommand.ListSnapshots.class, OffsiteCommand.Prune.class},
        description = {"The offsite repository (tier 3): make it, list what it holds, prune it. kaizen replicate fills it; kaizen restore --offsite and kaizen drill --offsite read it. See 'kaizen offsite COMMAND --help'."})
final class OffsiteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a command: init, list or prune");
    }

    /** Takes the repository's lock ({@link OffsiteConfig#lock}) for a replicate or a prune of {@code config}. */
    static StoreLock lock(OffsiteConfig config, Kaizen root, Output output) {
        try {
            return config.lock(StoreLock.Holder.currentProcess(LocalHost.name(), root.clock().instant()),
                    warning -> output.problem("warning: " + warning));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + config.key() + ".lock: " + e.getMessage(), e);
        }
    }

    /** Opens the target of {@code config} for the length of {@code work}. */
    static <T> T withTarget(OffsiteConfig config, Function<ObjectTarget, T> work) {
        try (ObjectTarget target = config.openTarget()) {
            return work.apply(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Command(name = "init", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Create the key file (key: in --config; mode 0600) and an empty repository at the target (target:). Refused (exit 2, nothing written) when the key file exists or the target is not empty: a key is never overwritten.",
                    "",
                    "Escrow the key file now (a copy in a safe, a password manager, a sealed envelope): without it nothing at tier 3 can be read, by anyone."},
            footer = {"", "Example:", "  kaizen offsite init --config /etc/kaizen/offsite.yaml"})
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            Output output = common.output(spec);
            OffsiteConfig config = common.offsiteConfig();
            String where = withTarget(config, target -> {
                OffsiteCatalog.init(target, config.keyPath(), config.collectorStoreIfSet());
                return target.describe();
            });
            output.log("created the key " + config.keyPath() + " and the offsite repository at " + where);
            output.result("ESCROW THE KEY NOW: copy " + config.keyPath() + " somewhere safe, away from this machine "
                    + "(it is small: a password manager or a printed copy will do). Losing it loses every snapshot "
                    + "at tier 3; anyone holding it can read them.");
            if (output.json()) {
                output.printJson(Map.of("key", config.keyPath().toString(), "target", where));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"List the snapshots tier 3 holds, per node and date, with their size. A root object that cannot be read is reported (with its node and date when the collector store still holds that snapshot) and the exit status is 1."},
            footer = {"", "Examples:", "  kaizen offsite list --config /etc/kaizen/offsite.yaml",
                    "  kaizen offsite list --config /etc/kaizen/offsite.yaml --node web-1 --json"})
    static final class ListSnapshots implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = "--node", paramLabel = "NODE", description = "Only this node's snapshots.")
        String node;

        @Override
        public Integer call() {
            Output output = common.output(spec);
            OffsiteConfig config = common.offsiteConfig();
            OffsiteKeys keys = OffsiteKeys.load(config.keyPath());
            OffsiteCatalog.Listing listing = withTarget(config, target -> OffsiteCatalog.list(target, keys,
                    Optional.ofNullable(node), config.collectorStoreIfSet()));
            if (output.json()) {
                output.printJson(listing);
            } else {
                for (OffsiteSnapshot s : listing.snapshots()) {
                    output.result(s.node() + "  " + s.date() + "  " + s.files() + " files  " + Formats.size(s.bytes()));
                }
            }
            listing.problems().forEach(p -> output.problem("kaizen offsite list: " + p));
            return listing.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"The only command that deletes at tier 3 (give it credentials that may delete; kaizen replicate's need not). Removes the snapshots dated more than --keep-days days ago (default: retention.keep-days in --config), never a node's newest, then every pack no remaining snapshot uses. Packs that remaining snapshots use in part are kept whole. It takes the repository's lock (the key file's path with .lock appended), as kaizen replicate does: while one of them runs, the other exits 1 naming the holder. A damaged root stops it before anything is deleted (exit 1)."},
            footer = {"", "Examples:", "  kaizen offsite prune --config /etc/kaizen/offsite.yaml --keep-days 90 --dry-run",
                    "  kaizen offsite prune --config /etc/kaizen/offsite.yaml"})
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = "--keep-days", paramLabel = "N", description = "Keep snapshots of the last N days.")
        Integer keepDays;

        @Option(names = {"-n", "--dry-run"}, description = "Say what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Output output = common.output(spec);
            OffsiteConfig config = common.offsiteConfig();
            int days = Optional.ofNullable(keepDays).or(config::keepDays).orElseThrow(() -> new ConfigException(
                    "give --keep-days N (or retention: {keep-days: N} in " + common.config + ")"));
            OffsiteKeys keys = OffsiteKeys.load(config.keyPath());
            Kaizen root = (Kaizen) spec.parent().parent().userObject();
            LocalDate today = LocalDate.now(root.clock());
            OffsitePruner.Result result;
            try (StoreLock lock = lock(config, root, output)) {
                result = withTarget(config, target -> OffsitePruner.prune(target, keys,
                        new OffsitePruner.Request(days, dryRun, today)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (output.json()) {
                output.printJson(result);
            }
            String verb = dryRun ? "would remove " : "removed ";
            result.removed().forEach(s -> output.log(verb + s));
            output.log(verb + result.removed().size() + " snapshot(s) and " + result.packsDeleted() + " unused pack(s); "
                    + result.kept().size() + " snapshot(s) kept");
            result.problems().forEach(p -> output.problem("kaizen offsite prune: " + p));
            return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
