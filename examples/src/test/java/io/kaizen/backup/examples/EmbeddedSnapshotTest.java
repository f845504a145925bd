package io.kaizen.backup.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.api.Backups;
import io.kaizen.backup.report.RunReport;
import io.kaizen.backup.store.RunStatus;
import io.kaizen.backup.store.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSnapshotTest {
    @Test
    void embeddedSnapshotLandsInTheStoreAndCanBeReadBack(@TempDir Path tmp) throws Exception {
        Path source = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(source.resolve("keep.conf"), "a=1\n");
        Files.writeString(source.resolve("scratch.tmp"), "x");
        Path store = tmp.resolve("store");
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T02:30:00Z"), ZoneOffset.UTC);
        Backups backups = Backups.create(clock, "example-node");

        RunReport report = EmbeddedSnapshot.snapshot(backups, source, store);

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<Snapshot> snapshots = backups.list(store);
        assertThat(snapshots).extracting(s -> s.name().toString()).containsExactly("2026-11-24");
        Path root = snapshots.get(0).dir();
        Path copied = root.resolve(source.toString().substring(1));
        assertThat(copied.resolve("keep.conf")).hasContent("a=1");
        assertThat(copied.resolve("scratch.tmp")).doesNotExist();
        assertThat(root.resolve("dumps/uname")).isNotEmptyFile();
        assertThat(snapshots.get(0).manifest().host()).isEqualTo("example-node");
    }
}
