package io.kaizen.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.restore.RestoreResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's restore, which runs the real rsync. */
class BackupsIT {
    private final Backups backups = Backups.create(Clock.fixed(Instant.parse("2026-11-24T02:30:00Z"),
            ZoneOffset.UTC), "node1");

    @Test
    void restoreCopiesAPathOutOfTheLatestSnapshotAndADryRunOnlyListsIt(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.conf"), "a=1\n");
        Path store = tmp.resolve("store");
        backups.snapshot(SnapshotSpec.builder(store).path(data).build());
        Path target = tmp.resolve("restored");

        RestoreResult planned = backups.restore(RestoreSpec.builder(store, data, target).dryRun(true).build());
        assertThat(planned.snapshot()).isEqualTo("2026-11-24");
        assertThat(planned.changes()).anyMatch(line -> line.endsWith("a.conf"));
        assertThat(target.resolve(data.toString().substring(1))).doesNotExist();

        RestoreResult done = backups.restore(RestoreSpec.builder(store, data, target).snapshot("2026-11-24").build());
        assertThat(done.keptNewer()).isEmpty();
        assertThat(target.resolve(data.toString().substring(1)).resolve("a.conf")).hasContent("a=1");
    }
}
