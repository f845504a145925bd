package io.kaizen.backup.examples;

import io.kaizen.backup.api.Backups;
import io.kaizen.backup.api.SnapshotSpec;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.retention.RetentionPolicy;
import io.kaizen.backup.snapshot.SnapshotListener;
import io.kaizen.backup.source.DumpSource;
import io.kaizen.backup.store.Snapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Embedding Kaizen Backup: describe a snapshot, take it, read the result back from the store.
 *
 * <p>Run with {@code --add-opens java.base/sun.nio.fs=io.kaizen.backup} on the module path (or
 * {@code =ALL-UNNAMED} on the class path): file names are handled as bytes.
 * Usage: {@code EmbeddedSnapshot SOURCE_DIR STORE_DIR}.
 */
public final class EmbeddedSnapshot {
    private EmbeddedSnapshot() {
    }

    /** Takes one snapshot of {@code source} (skipping {@code *.tmp}) plus a small dump into {@code store}. */
    public static RunReport snapshot(Backups backups, Path source, Path store) {
        SnapshotSpec spec = SnapshotSpec.builder(store)
                .path(source, "*.tmp")
                .source(new DumpSource("uname", List.of("uname", "-a")))
                .retention(RetentionPolicy.keepDays(8))
                .build();
        SnapshotListener printer = new SnapshotListener() {
            @Override
            public void committed(Snapshot snapshot) {
                System.out.println("committed " + snapshot.dir());
            }
        };
        return backups.snapshot(spec, printer);
    }

    public static void main(String[] args) {
        Backups backups = Backups.create(Clock.systemDefaultZone(), "example-node");
        Path store = Path.of(args[1]);
        RunReport report = snapshot(backups, Path.of(args[0]), store);
        System.out.println("status " + report.status().label() + ", " + report.counts().files() + " files");
        for (Snapshot snapshot : backups.list(store)) {
            System.out.println(snapshot.name() + "  " + snapshot.manifest().counts().files() + " files  "
                    + snapshot.manifest().status().label());
        }
    }
}
