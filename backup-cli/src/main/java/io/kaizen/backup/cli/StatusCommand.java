package io.kaizen.backup.cli;

import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Is this store healthy? Shows the last run's result and the newest good snapshot (one whose run succeeded, with or without warnings) and its age. Meant for monitoring: it exits 1 when there is no good snapshot, when the newest one is older than --max-age, or when the last run failed."},
        footer = {"", "Example:  kaizen status --dest /backups --max-age 26h || echo 'backups are stale'"})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Kaizen root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOption storeOption;

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "26h",
            description = "Oldest acceptable age of the newest good snapshot (default: ${DEFAULT-VALUE}; "
                    + "units s, m, h, d, w, e.g. 1d12h).")
    String maxAge;

    /** What {@code --json} prints. */
    record Status(Path store, boolean healthy, List<String> problems, Optional<String> newestGood,
                  Optional<Long> newestGoodAgeSeconds, long maxAgeSeconds, Optional<LastRun> lastRun) {
    }

    @Override
    public Integer call() {
        Output output = common.output(spec);
        Duration limit = Formats.duration(maxAge);
        SnapshotStore store = storeOption.existing(common.nodeConfig());
        Instant now = root.clock().instant();
        Optional<Snapshot> newestGood = store.snapshots().stream()
                .filter(s -> s.manifest().status().usable()).reduce((a, b) -> b);
        Optional<Duration> age = newestGood.map(s -> Duration.between(s.manifest().finished(), now));
        Optional<LastRun> lastRun = store.lastRun();
        List<String> problems = new java.util.ArrayList<>();
        if (newestGood.isEmpty()) {
            problems.add("no good snapshot in " + store.root());
        } else if (age.get().compareTo(limit) > 0) {
            problems.add("newest good snapshot " + newestGood.get().name() + " is " + Formats.age(age.get())
                    + " old (limit " + Formats.age(limit) + ")");
        }
        lastRun.filter(r -> r.status() == RunStatus.FAILED).ifPresent(r -> problems.add("last run (started "
                + r.started() + ") failed: " + r.message()));
        if (output.json()) {
            output.printJson(new Status(store.root(), problems.isEmpty(), problems,
                    newestGood.map(s -> s.name().toString()), age.map(Duration::getSeconds), limit.getSeconds(), lastRun));
        } else {
            lastRun.ifPresent(r -> output.log("last run: " + r.status().label() + ", started " + r.started()
                    + (r.snapshot() == null ? "" : ", snapshot " + r.snapshot())));
            newestGood.ifPresent(s -> output.log("newest good snapshot: " + s.name() + ", " + Formats.age(age.get())
                    + " old, " + s.manifest().counts().files() + " files"));
        }
        problems.forEach(p -> output.problem("kaizen status: " + p));
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
