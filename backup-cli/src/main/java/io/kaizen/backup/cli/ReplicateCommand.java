package io.kaizen.backup.cli;

import io.kaizen.backup.config.OffsiteConfig;
import io.kaizen.backup.offsite.OffsiteKeys;
import io.kaizen.backup.offsite.ReplicateListener;
import io.kaizen.backup.offsite.ReplicateReport;
import io.kaizen.backup.offsite.Replicator;
import io.kaizen.backup.offsite.target.ObjectTarget;
import io.kaizen.backup.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "replicate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Send every complete snapshot of the collector store (collector-store: in --config, the directory kaizen collect --dest fills) that tier 3 does not hold yet, oldest first, to the offsite repository (target: in --config): content-defined chunks, deduplicated across nodes and dates, compressed, then encrypted with the key file (key:). Nothing is ever deleted or replaced at tier 3; a snapshot appears there only when its root object is written, last, and it is confirmed on the collector (NODE/.kaizen/offsite-confirmed) after its root was read back.",
                "",
                "One writer at a time: replicate takes the repository's lock (the key file's path with .lock appended), as kaizen offsite prune does; while one of them runs, the other exits 1 naming the holder (pid, host, start time). A run that is killed leaves tier 3 readable; the next run completes it without sending the packs already there. Run it after kaizen collect, e.g. from the same cron line."},
        footer = {"", "Examples:",
                "  kaizen replicate --config /etc/kaizen/offsite.yaml",
                "  kaizen replicate --config /etc/kaizen/offsite.yaml --json",
                "", "Exit status: 0 sent (or nothing to send), 1 failed (tier 3 unreachable, a damaged object, another replicate or prune holds the lock), 2 bad configuration or wrong key."})
final class ReplicateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Output output = common.output(spec);
        OffsiteConfig config = common.offsiteConfig();
        OffsiteKeys keys = OffsiteKeys.load(config.keyPath());
        ReplicateReport report;
        Kaizen root = (Kaizen) spec.parent().userObject();
        try (StoreLock lock = OffsiteCommand.lock(config, root, output);
             ObjectTarget target = config.openTarget()) {
            report = Replicator.run(target, keys, config.collectorStorePath(common.config), root.clock(),
                    new ReplicateListener() {
                @Override
                public void sending(String node, String date) {
                    output.progress(node + "/" + date + ": sending");
                }

                @Override
                public void confirmed(String node, String date, long bytesWritten) {
                    output.progress(node + "/" + date + ": confirmed, " + Formats.size(bytesWritten) + " written");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (output.json()) {
            output.printJson(report);
            return ExitCodes.OK;
        }
        output.log("sent " + report.sent().size() + " snapshot(s)" + (report.sent().isEmpty() ? ""
                : " (" + String.join(", ", report.sent()) + ")") + ", " + report.alreadyThere()
                + " already at tier 3; wrote " + report.objectsWritten() + " objects, " + Formats.size(report.bytesWritten())
                + "; read " + report.filesRead() + " files (" + Formats.size(report.bytesRead()) + "), "
                + report.filesFromCache() + " unchanged files skipped"
                + (report.packsRecovered() == 0 ? "" : "; " + report.packsRecovered()
                + " packs of an interrupted run indexed")
                + (report.incompleteRemoved() == 0 ? "" : "; " + report.incompleteRemoved()
                + " partial objects of an interrupted run removed"));
        return ExitCodes.OK;
    }
}
