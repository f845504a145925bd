package io.kaizen.backup.examples;

import io.kaizen.backup.snapshot.SnapshotJob;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.snapshot.SnapshotRequest;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.source.PathSource;
import io.kaizen.backup.store.Snapshot;
import io.kaizen.backup.store.SnapshotStore;
import io.kaizen.backup.transfer.FilterRules;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Embedding Kaizen Backup: configure sources, run a snapshot, read the result back from the store.
 *
 * <p>Run with {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (file names are handled as bytes).
 * Usage: {@code EmbeddedSnapshot SOURCE_DIR STORE_DIR}.
 */
public final class EmbeddedSnapshot {
    private EmbeddedSnapshot() {
    }

    /** Takes one snapshot of {@code source} (skipping {@code *.tmp}) plus a small dump into {@code store}. */
    public static RunReport snapshot(Path source, Path store, Clock clock) {
        SnapshotRequest request = SnapshotRequest.builder()
                .store(store)
                .source(new PathSource(source.toAbsolutePath(), FilterRules.parse(List.of("*.tmp"))))
                .source(new DumpSource("uname", List.of("uname", "-a")))
                .retention(RetentionPolicy.keepDays(8))
                .host("example-node")
                .build();
        SnapshotListener printer = new SnapshotListener() {
            @Override
            public void committed(Snapshot snapshot) {
                System.out.println("committed " + snapshot.dir());
            }
        };
        return new SnapshotJob(clock, printer).run(request);
    }

    public static void main(String[] args) {
        RunReport report = snapshot(Path.of(args[0]), Path.of(args[1]), Clock.systemDefaultZone());
        System.out.println("status " + report.status().label() + ", " + report.counts().files() + " files");
        for (Snapshot snapshot : SnapshotStore.at(Path.of(args[1])).snapshots()) {
            System.out.println(snapshot.name() + "  " + snapshot.manifest().counts().files() + " files  "
                    + snapshot.manifest().status().label());
        }
    }
}
