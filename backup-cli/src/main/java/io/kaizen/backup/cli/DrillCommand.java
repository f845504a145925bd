package io.kaizen.backup.cli;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.config.OffsiteConfig;
import io.kaizen.backup.offsite.OffsiteDrill;
import io.kaizen.backup.offsite.OffsiteKeys;
import io.kaizen.backup.verify.Drill;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "drill", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "A restore drill: proves that the backups can be restored. A random sample of files of the newest good snapshot is restored, the way kaizen restore does it, into a scratch directory (in the system's temporary directory, or --scratch DIR); each restored file is compared with its SHA-256 in the snapshot's .kaizen/SHA256SUMS and with the snapshot's mode, owner and mtime; then the scratch copy is removed. The store is only read.",
                "",
                "--dest may be a node store (STORE/DATE) or a collector's (STORE/NODE/DATE): on a collector every node is drilled. The seed is printed; --seed replays the same sample."},
        footer = {"", "Examples:",
                "  kaizen drill --dest /backups",
                "  kaizen drill --dest /srv/backups --sample 200 --json",
                "  kaizen drill --dest /srv/backups --seed 42      # the same sample again",
                "  kaizen drill --dest /backups --scratch /var/tmp",
                "  kaizen drill --offsite --config /etc/kaizen/offsite.yaml --sample 200",
                "", "Exit status: 0 every sampled file restored intact, 1 any mismatch or failure, 2 bad usage."})
final class DrillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "100",
            description = "Files to restore per store (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random choice (default: a new one, printed).")
    Long seed;

    @Option(names = "--scratch", paramLabel = "DIR",
            description = "Where the scratch copy is made (default: the system's temporary directory); it needs room for the sample: give a large file system when snapshots hold big files such as VM images.")
    Path scratch;

    @Option(names = "--offsite",
            description = "Drill tier 3 instead of a store: --config is an offsite configuration; each node's newest snapshot at tier 3 gives the sample, whose files are reassembled from tier 3 and checked against the node's own SHA256SUMS, read from tier 3 too.")
    boolean offsite;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        long chosen = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        Path scratchParent = scratch != null ? scratch : Path.of(System.getProperty("java.io.tmpdir"));
        if (offsite) {
            return drillOffsite(output, chosen, scratchParent);
        }
        Drill.Report report = Drill.run(new Drill.Request(storeOption.path(common.nodeConfig()), sample, chosen,
                scratchParent));
        if (output.json()) {
            output.printJson(report);
        }
        for (Drill.StoreDrill store : report.stores()) {
            String what = store.node() + " (" + store.store() + ")"
                    + (store.snapshot() == null ? "" : " snapshot " + store.snapshot());
            if (store.ok()) {
                output.log(what + ": ok, " + store.matched() + " of " + store.listed()
                        + " files restored and match their sums");
            } else {
                store.problems().forEach(p -> output.problem("kaizen drill: " + what + ": " + p));
                output.problem("kaizen drill: " + what + ": FAILED, " + store.matched() + " of " + store.sampled()
                        + " sampled files restored intact");
            }
        }
        output.log("seed " + report.seed() + " (kaizen drill --seed " + report.seed() + " replays this sample)");
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private int drillOffsite(Output output, long chosen, Path scratchParent) {
        if (storeOption.dest != null) {
            throw new ConfigException("--offsite drills the repository of --config; --dest goes without it");
        }
        OffsiteConfig config = common.offsiteConfig();
        OffsiteKeys keys = OffsiteKeys.load(config.keyPath());
        OffsiteDrill.Report report = OffsiteCommand.withTarget(config, target -> OffsiteDrill.run(target, keys,
                new OffsiteDrill.Request(sample, chosen, scratchParent)));
        if (output.json()) {
            output.printJson(report);
        }
        for (OffsiteDrill.NodeDrill node : report.nodes()) {
            String what = node.node() + " snapshot " + node.date() + " at tier 3";
            if (node.ok()) {
                output.log(what + ": ok, " + node.matched() + " of " + node.listed()
                        + " files restored and match the node's sums");
            } else {
                node.problems().forEach(p -> output.problem("kaizen drill: " + what + ": " + p));
                output.problem("kaizen drill: " + what + ": FAILED, " + node.matched() + " of " + node.sampled()
                        + " sampled files restored intact");
            }
        }
        report.problems().forEach(p -> output.problem("kaizen drill: " + p));
        if (report.nodes().isEmpty() && report.problems().isEmpty()) {
            output.problem("kaizen drill: tier 3 holds no snapshot");
        }
        output.log("seed " + report.seed() + " (kaizen drill --offsite --seed " + report.seed() + " replays this sample)");
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
