package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.store.SnapshotStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kaizen status} in-process on stores built by hand. */
class StatusCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void aCorruptLastRunRecordIsReportedAndExitsOne() throws Exception {
        SnapshotStore store = SnapshotStore.at(tmp.resolve("store"));
        store.create();
        Files.writeString(store.lastRunFile(), "{\"host\": \"h\", \"status\": ");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kaizen.run(new String[] {"status", "--dest", store.root().toString()}, new PrintWriter(out),
                new PrintWriter(err), CLOCK);
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("kaizen status: " + store.root() + ": the last run's record "
                + store.lastRunFile() + " is corrupt: ");
    }
}
