package io.kaizen.backup.cli;

import io.kaizen.backup.store.Manifest;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "List the complete snapshots of a store, oldest first: date, age, status, files, size, and what the run copied. Leftovers of interrupted runs (DATE.partial and the like) are listed apart; they are never counted as snapshots."},
        footer = {"", "Example:  kaizen list --dest /backups --json"})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    /** One row of the listing. */
    record Row(String snapshot, long ageSeconds, String status, String host, long files, long bytes,
               long filesCopied, long bytesCopied, String engine, Instant finished) {
    }

    /** The listing as {@code --json} prints it. */
    record Listing(Path store, List<Row> snapshots, List<String> leftovers) {
    }

    @Override
    public Integer call() {
        Output output = common.output(spec);
        SnapshotStore store = storeOption.existing(common.nodeConfig());
        Instant now = root.clock().instant();
        List<Row> rows = store.snapshots().stream().map(s -> row(s, now)).toList();
        List<String> leftovers = store.leftovers().stream().map(p -> p.getFileName().toString()).toList();
        if (output.json()) {
            output.printJson(new Listing(store.root(), rows, leftovers));
            return ExitCodes.OK;
        }
        PrintTable table = new PrintTable("SNAPSHOT", "AGE", "STATUS", "FILES", "SIZE", "COPIED", "HOST");
        for (Row r : rows) {
            table.add(r.snapshot(), Formats.age(Duration.ofSeconds(r.ageSeconds())), r.status(),
                    Long.toString(r.files()), Formats.size(r.bytes()),
                    r.filesCopied() + " (" + Formats.size(r.bytesCopied()) + ")", r.host());
        }
        if (rows.isEmpty()) {
            output.log("no complete snapshot in " + store.root());
        } else {
            table.lines().forEach(output::log);
        }
        leftovers.forEach(l -> output.log(l + "  (incomplete; ignored, removed by the next run)"));
        return ExitCodes.OK;
    }

    private static Row row(Snapshot snapshot, Instant now) {
        Manifest m = snapshot.manifest();
        return new Row(snapshot.name().toString(), Duration.between(m.finished(), now).getSeconds(),
                m.status().label(), m.host(), m.counts().files(), m.counts().bytes(), m.counts().filesCopied(),
                m.counts().bytesCopied(), m.engine(), m.finished());
    }
}
