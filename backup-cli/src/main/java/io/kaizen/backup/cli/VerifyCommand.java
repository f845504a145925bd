package io.kaizen.backup.cli;

import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotName;
import io.kaizen.backup.verify.VerificationReport;
import io.kaizen.backup.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Re-hash a snapshot's files and compare them with its .kaizen/SHA256SUMS, and the sums file with the hash its manifest records. Reports files whose content changed, files that are missing and files that are not listed. Reads every file: this takes as long as reading the snapshot.",
                "",
                "Without SNAPSHOT the newest one is verified; --all verifies every snapshot. The same check without kaizen:  cd STORE/DATE && sha256sum -c --quiet .kaizen/SHA256SUMS"},
        footer = {"", "Examples:", "  kaizen verify --dest /backups", "  kaizen verify --dest /backups --all --json",
                "", "Exit status: 0 every file matches, 1 any mismatch, 2 bad usage."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--all", description = "Verify every complete snapshot.")
    boolean all;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshot dates (YYYY-MM-DD).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Verifier.Request request = new Verifier.Request(storeOption.existing(common.nodeConfig()), all,
                names.stream().map(SnapshotName::parse).toList());
        List<VerificationReport> reports;
        try {
            reports = Verifier.verify(request, root.clock(), new Verifier.Listener() {
                @Override
                public void verifying(Snapshot snapshot) {
                    output.progress("verifying " + snapshot.name() + " ...");
                }

                @Override
                public void verified(VerificationReport report) {
                    render(report, output);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        if (output.json()) {
            output.printJson(reports);
        }
        return reports.stream().allMatch(VerificationReport::ok) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void render(VerificationReport report, Output output) {
        if (report.ok()) {
            output.log("snapshot " + report.snapshot() + ": ok, " + report.checked() + " files match their sums");
            return;
        }
        String prefix = "kaizen verify: snapshot " + report.snapshot() + ": ";
        if (!report.sumsFileIntact()) {
            output.problem(prefix + ".kaizen/SHA256SUMS does not match the hash in its manifest");
        }
        report.mismatched().forEach(f -> output.problem(prefix + "changed: " + f));
        report.missing().forEach(f -> output.problem(prefix + "missing: " + f));
        report.unlisted().forEach(f -> output.problem(prefix + "not in sums: " + f));
        output.problem(prefix + "FAILED: " + report.mismatchedCount() + " changed, " + report.missingCount()
                + " missing, " + report.unlistedCount() + " not listed, of " + report.checked() + " checked");
    }
}
